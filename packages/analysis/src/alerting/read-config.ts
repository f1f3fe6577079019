/**
 * Reads the `alerting` section. Every key is checked; the seed's `metric_pattern`, `channels`
 * per rule and `cooldown` keys get an error saying what replaced them.
 */
import type { MapReader } from '../config/yaml-reader.js';
import { report } from '../config/yaml-scalars.js';
import { FINDING_SEVERITIES } from '../engines/findings.js';
import { DEFAULT_ALERT_EVALUATION_INTERVAL_MILLIS } from './config.js';
import type { AlertingConfig } from './config.js';
import { buildRoute } from './dispatch/route.js';
import type { RouteConfig } from './dispatch/route.js';
import type { InhibitRule } from './inhibit/inhibitor.js';
import { checkFallbacks, readChannel } from './notify/channels.js';
import type { ChannelConfig } from './notify/channels.js';
import { DEFAULT_DELIVERY_CONFIG } from './notify/delivery-queue.js';
import {
  mapItems,
  readEscalationPolicies,
  readMatchers,
  readOnCall,
  readRoute,
  readStringMap,
  readTimeIntervals,
} from './read-route-config.js';
import { REDUCTIONS } from './rules/reduction.js';
import { COMPARISONS } from './rules/threshold-rule.js';
import type { ThresholdRuleConfig } from './rules/threshold-rule.js';

function readRule(id: string, reader: MapReader): ThresholdRuleConfig {
  reader.refuse(
    'metric_pattern',
    'is replaced by `metric` (an exact metric name) and `attributes` matchers',
  );
  reader.refuse(
    'channels',
    'is replaced by routing: add a route under `alerting.route.routes` with matchers: [alertname="<rule id>"] and its channels',
  );
  reader.refuse('cooldown', "is replaced by the route's group_interval and repeat_interval");
  for (const key of ['metric', 'threshold', 'comparison']) {
    if (!reader.has(key)) report(reader.ctx, reader.pathOf(key), 'is required', reader.mapNode);
  }
  const attributes = readStringMap(reader, 'attributes');
  const resource = readStringMap(reader, 'resource');
  return {
    id,
    metric: reader.string('metric', ''),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    ...(Object.keys(resource).length > 0 ? { resource } : {}),
    windowMillis: reader.duration('window', 5 * 60_000, { min: 1 }),
    reduction: reader.oneOf('reduction', REDUCTIONS, 'avg'),
    comparison: reader.oneOf('comparison', COMPARISONS, 'gt'),
    threshold: reader.number('threshold', 0),
    forMillis: reader.duration('for', 0, { min: 0 }),
    keepFiringForMillis: reader.duration('keep_firing_for', 0, { min: 0 }),
    severity: reader.oneOf('severity', FINDING_SEVERITIES, 'warning'),
    labels: readStringMap(reader, 'labels'),
    annotations: readStringMap(reader, 'annotations'),
  };
}

/** Reads `alerting`. */
export function readAlerting(root: MapReader): AlertingConfig {
  const enabled = root.has('alerting');
  const section = root.map('alerting');
  section.refuse('alerts_dir', 'is not used: all state lives in the database named by `store`');

  const channels: Record<string, ChannelConfig> = {};
  const channelsReader = section.map('channels');
  for (const { key } of channelsReader.entries()) {
    channels[key] = readChannel(key, channelsReader.map(key));
  }
  channelsReader.finish();
  checkFallbacks(channelsReader, channels);
  if (Object.keys(channels).length === 0) {
    channels.console = {
      id: 'console',
      type: 'console',
      stream: 'stdout',
      rateLimitPerHour: undefined,
    };
  }

  const rules: ThresholdRuleConfig[] = [];
  const rulesReader = section.map('rules');
  for (const { key } of rulesReader.entries()) {
    const reader = rulesReader.map(key);
    rules.push(readRule(key, reader));
    reader.finish();
  }
  rulesReader.finish();

  const timeIntervals = readTimeIntervals(section);
  const onCall = readOnCall(section);
  const escalationPolicies = readEscalationPolicies(section, channels, onCall.rotations);
  let routeConfig: RouteConfig = { channels: Object.keys(channels) };
  if (section.has('route')) {
    const routeReader = section.map('route');
    routeReader.refuse('matchers', 'is not allowed on the root route: it takes every alert');
    routeConfig = readRoute(routeReader, channels, timeIntervals, escalationPolicies);
    routeReader.finish();
    if (routeConfig.channels === undefined) routeConfig.channels = Object.keys(channels);
  }
  const route = buildRoute(routeConfig);

  const inhibitRules: InhibitRule[] = mapItems(section, 'inhibit_rules').map((reader) => {
    const rule: InhibitRule = {
      sourceMatchers: readMatchers(reader, 'source_matchers'),
      targetMatchers: readMatchers(reader, 'target_matchers'),
      equal: reader.stringList('equal', []),
    };
    for (const key of ['source_matchers', 'target_matchers']) {
      if (!reader.has(key)) report(reader.ctx, reader.pathOf(key), 'is required', reader.mapNode);
    }
    reader.finish();
    return rule;
  });

  const deliveryReader = section.map('delivery');
  const delivery = {
    maxAttempts: deliveryReader.number('max_attempts', DEFAULT_DELIVERY_CONFIG.maxAttempts, {
      min: 1,
      max: 100,
      integer: true,
    }),
    initialBackoffMillis: deliveryReader.duration(
      'initial_backoff',
      DEFAULT_DELIVERY_CONFIG.initialBackoffMillis,
      { min: 1 },
    ),
    maxBackoffMillis: deliveryReader.duration(
      'max_backoff',
      DEFAULT_DELIVERY_CONFIG.maxBackoffMillis,
      { min: 1 },
    ),
  };
  if (delivery.maxBackoffMillis < delivery.initialBackoffMillis) {
    report(
      deliveryReader.ctx,
      deliveryReader.pathOf('max_backoff'),
      'must be >= initial_backoff',
      deliveryReader.node('max_backoff'),
    );
  }
  deliveryReader.finish();

  const externalUrl = section.string('external_url');
  const config: AlertingConfig = {
    enabled,
    evaluationIntervalMillis: section.duration(
      'evaluation_interval',
      DEFAULT_ALERT_EVALUATION_INTERVAL_MILLIS,
      { min: 100 },
    ),
    defaultRules: section.boolean('default_rules', true),
    rules,
    channels,
    route,
    inhibitRules,
    timeIntervals,
    escalationPolicies,
    onCall,
    delivery,
    externalUrl: externalUrl?.replace(/\/+$/, ''),
  };
  section.finish();
  return config;
}
