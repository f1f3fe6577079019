/**
 * Reading of the sections reserved for later engines (see `reserved-types.ts`). Every key of
 * the feature description's configuration example is accepted and checked; anything else is
 * an error, so a typo does not silently fall back to a default.
 */
import { isScalar } from 'yaml';
import { DEFAULT_ALERT_COOLDOWN_MILLIS } from './defaults.js';
import { isLiteralSecret } from './credentials.js';
import {
  ALERT_CHANNEL_TYPES,
  ALERT_COMPARISONS,
  ALERT_SEVERITIES,
  LEVELS,
  OPTIMIZATION_CATEGORIES,
} from './reserved-types.js';
import type {
  AlertChannelConfig,
  AlertingConfig,
  AlertRuleConfig,
  AnalyticsConfig,
  OptimizationConfig,
  OptimizationTemplateConfig,
} from './reserved-types.js';
import { Secret } from './secret.js';
import { readNumber, report } from './yaml-scalars.js';
import type { MapReader } from './yaml-reader.js';

/** Seed keys that name a directory: state lives in `store` instead. */
const DIRECTORY_KEYS = ['alerts_dir', 'baselines_dir', 'analytics_dir', 'optimization_dir'];

function rejectDirectories(section: MapReader): void {
  for (const key of DIRECTORY_KEYS) {
    section.refuse(key, 'is not used: all state lives in the database named by `store`');
  }
}

function readChannel(reader: MapReader): AlertChannelConfig {
  const type = reader.oneOf('type', ALERT_CHANNEL_TYPES, 'console');
  if (!reader.has('type')) {
    report(
      reader.ctx,
      reader.pathOf('type'),
      `is required (${ALERT_CHANNEL_TYPES.join(', ')})`,
      reader.mapNode,
    );
  }
  const rateLimitPerHour = reader.number('rate_limit', undefined, { min: 1, integer: true });
  const config = reader.map('config');
  let channel: AlertChannelConfig;
  if (type === 'email') {
    channel = {
      type,
      rateLimitPerHour,
      smtpServer: config.string('smtp_server', ''),
      fromAddress: config.string('from_address', ''),
      toAddresses: config.stringList('to_addresses', []),
    };
    for (const key of ['smtp_server', 'from_address', 'to_addresses']) {
      if (!config.has(key))
        report(reader.ctx, config.pathOf(key), 'is required', reader.node('config'));
    }
  } else if (type === 'slack') {
    const tokenNode = config.node('bot_token');
    const raw =
      tokenNode && isScalar(tokenNode) && typeof tokenNode.value === 'string'
        ? tokenNode.value
        : '';
    const token = config.string('bot_token', '');
    if (tokenNode === undefined) {
      report(reader.ctx, config.pathOf('bot_token'), 'is required', reader.node('config'));
    } else if (isLiteralSecret(raw)) {
      report(
        reader.ctx,
        config.pathOf('bot_token'),
        'must come from the environment, like "${SLACK_BOT_TOKEN}"; secrets are never written in config files',
        tokenNode,
      );
    }
    channel = {
      type,
      rateLimitPerHour,
      botToken: new Secret(token, config.pathOf('bot_token')),
      channel: config.string('channel', ''),
    };
    if (!config.has('channel'))
      report(reader.ctx, config.pathOf('channel'), 'is required', reader.node('config'));
  } else {
    channel = { type, rateLimitPerHour };
  }
  config.finish();
  return channel;
}

function readRule(
  reader: MapReader,
  channels: Record<string, AlertChannelConfig>,
): AlertRuleConfig {
  for (const key of ['metric_pattern', 'threshold', 'comparison', 'severity']) {
    if (!reader.has(key)) report(reader.ctx, reader.pathOf(key), 'is required', reader.mapNode);
  }
  const rule: AlertRuleConfig = {
    metricPattern: reader.string('metric_pattern', ''),
    threshold: reader.number('threshold', 0),
    comparison: reader.oneOf('comparison', ALERT_COMPARISONS, 'gt'),
    severity: reader.oneOf('severity', ALERT_SEVERITIES, 'warning'),
    channels: [],
    cooldownMillis: reader.duration('cooldown', DEFAULT_ALERT_COOLDOWN_MILLIS, { min: 0 }),
  };
  for (const { value: id, node, path } of reader.stringItems('channels')) {
    rule.channels.push(id);
    if (!channels[id]) {
      const defined = Object.keys(channels).join(', ') || 'none';
      report(reader.ctx, path, `references undefined channel "${id}" (defined: ${defined})`, node);
    }
  }
  return rule;
}

/** Reads `alerting`: `channels` and `rules`. */
export function readAlerting(root: MapReader): AlertingConfig {
  const alerting = root.map('alerting');
  rejectDirectories(alerting);
  const channels: Record<string, AlertChannelConfig> = {};
  const channelsReader = alerting.map('channels');
  for (const { key } of channelsReader.entries()) {
    const reader = channelsReader.map(key);
    channels[key] = readChannel(reader);
    reader.finish();
  }
  channelsReader.finish();
  const rules: Record<string, AlertRuleConfig> = {};
  const rulesReader = alerting.map('rules');
  for (const { key } of rulesReader.entries()) {
    const reader = rulesReader.map(key);
    rules[key] = readRule(reader, channels);
    reader.finish();
  }
  rulesReader.finish();
  alerting.finish();
  return { channels, rules };
}

/** Reads `analytics`: `ml_models`. */
export function readAnalytics(root: MapReader): AnalyticsConfig {
  const analytics = root.map('analytics');
  rejectDirectories(analytics);
  const models = analytics.map('ml_models');
  const anomaly = models.map('anomaly_detection');
  const prediction = models.map('performance_prediction');
  const out: AnalyticsConfig = {
    mlModels: {
      anomalyDetection: {
        contamination: anomaly.number('contamination', 0.1, { above: 0, max: 0.5 }),
        nEstimators: anomaly.number('n_estimators', 100, { min: 1, max: 10_000, integer: true }),
      },
      performancePrediction: {
        nEstimators: prediction.number('n_estimators', 100, { min: 1, max: 10_000, integer: true }),
        maxDepth: prediction.number('max_depth', 10, { min: 1, max: 64, integer: true }),
      },
    },
  };
  anomaly.finish();
  prediction.finish();
  models.finish();
  analytics.finish();
  return out;
}

/** Reads `optimization`. */
export function readOptimization(root: MapReader): OptimizationConfig {
  const optimization = root.map('optimization');
  rejectDirectories(optimization);
  const priorities = optimization.map('optimization_priorities');
  const optimizationPriorities: Record<string, number> = optimization.has('optimization_priorities')
    ? {}
    : { accuracy_preservation: 10, performance_critical: 9, memory_optimization: 7 };
  for (const { key, node, path } of priorities.entries()) {
    const value = readNumber(root.ctx, node, path);
    if (value !== undefined) optimizationPriorities[key] = value;
  }
  priorities.finish();
  const templates = optimization.map('optimization_templates');
  const optimizationTemplates: Record<string, OptimizationTemplateConfig> = {};
  for (const { key } of templates.entries()) {
    const t = templates.map(key);
    if (!t.has('category')) report(t.ctx, t.pathOf('category'), 'is required', t.mapNode);
    optimizationTemplates[key] = {
      category: t.oneOf('category', OPTIMIZATION_CATEGORIES, 'algorithm'),
      implementationEffort: t.oneOf('implementation_effort', LEVELS, 'medium'),
      riskLevel: t.oneOf('risk_level', LEVELS, 'medium'),
      autoExecutable: t.boolean('auto_executable', false),
      description: t.string('description', ''),
    };
    t.finish();
  }
  templates.finish();
  const out: OptimizationConfig = {
    autoRemediationEnabled: optimization.boolean('auto_remediation_enabled', false),
    autoExecutionThreshold: optimization.number('auto_execution_threshold', 0.9, {
      min: 0,
      max: 1,
    }),
    accuracyLossThreshold: optimization.number('accuracy_loss_threshold', 0.01, { min: 0, max: 1 }),
    optimizationPriorities,
    optimizationTemplates,
  };
  optimization.finish();
  return out;
}
