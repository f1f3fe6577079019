/**
 * The `alerting` section written back in the file's shape (for `config check`): defaults
 * filled in, durations in unit notation, secrets as `<redacted>`.
 */
import { REDACTED, Secret } from '../config/secret.js';
import { formatDuration, formatSize } from '../config/units.js';
import type { AlertingConfig } from './config.js';
import type { Route } from './dispatch/route.js';
import type { TimeRange } from './dispatch/time-intervals.js';
import { formatMatcher } from './matchers.js';
import type { ChannelConfig } from './notify/channels.js';

type Yaml = Record<string, unknown>;

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function channel(c: ChannelConfig): Yaml {
  const config: Yaml = {};
  for (const [key, value] of Object.entries(c)) {
    if (key === 'id' || key === 'type' || key === 'rateLimitPerHour' || value === undefined)
      continue;
    if (value instanceof Secret) config[snake(key)] = REDACTED;
    else if (key.endsWith('Millis'))
      config[snake(key.slice(0, -6))] = formatDuration(value as number);
    else if (key.endsWith('Bytes')) config[snake(key.slice(0, -5))] = formatSize(value as number);
    else config[snake(key)] = value;
  }
  return {
    type: c.type,
    ...(c.rateLimitPerHour === undefined ? {} : { rate_limit: c.rateLimitPerHour }),
    config,
  };
}

function route(r: Route, root: boolean, parentEscalation?: string): Yaml {
  return {
    ...(root ? {} : { matchers: r.matchers.map(formatMatcher) }),
    channels: [...r.channels],
    group_by: [...r.groupBy],
    group_wait: formatDuration(r.groupWaitMillis),
    group_interval: formatDuration(r.groupIntervalMillis),
    repeat_interval: formatDuration(r.repeatIntervalMillis),
    ...(root ? {} : { continue: r.continue }),
    ...(r.escalation !== undefined && (root || r.escalation !== parentEscalation)
      ? { escalation: r.escalation }
      : {}),
    ...(r.muteTimeIntervals.length > 0 ? { mute_time_intervals: [...r.muteTimeIntervals] } : {}),
    ...(r.activeTimeIntervals.length > 0
      ? { active_time_intervals: [...r.activeTimeIntervals] }
      : {}),
    ...(r.routes.length > 0
      ? { routes: r.routes.map((child) => route(child, false, r.escalation)) }
      : {}),
  };
}

const WEEKDAY_NAMES = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];
const clock = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const span = (r: [number, number], name: (n: number) => string = String) =>
  r[0] === r[1] ? name(r[0]) : `${name(r[0])}:${name(r[1])}`;

function describeRange(r: TimeRange): Yaml {
  return {
    ...(r.times
      ? {
          times: r.times.map((t) => ({
            start_time: clock(t.startMinute),
            end_time: clock(t.endMinute),
          })),
        }
      : {}),
    ...(r.weekdays
      ? { weekdays: r.weekdays.map((w) => span(w, (n) => WEEKDAY_NAMES[n] ?? '')) }
      : {}),
    ...(r.daysOfMonth ? { days_of_month: r.daysOfMonth.map((d) => span(d)) } : {}),
    ...(r.months ? { months: r.months.map((m) => span(m)) } : {}),
    ...(r.location ? { location: r.location } : {}),
  };
}

/** The section, or undefined when it is not written (alerting off). */
export function describeAlerting(c: AlertingConfig): Yaml | undefined {
  if (!c.enabled) return undefined;
  return {
    evaluation_interval: formatDuration(c.evaluationIntervalMillis),
    default_rules: c.defaultRules,
    ...(c.externalUrl === undefined ? {} : { external_url: c.externalUrl }),
    channels: Object.fromEntries(Object.entries(c.channels).map(([id, ch]) => [id, channel(ch)])),
    rules: Object.fromEntries(
      c.rules.map((r) => [
        r.id,
        {
          metric: r.metric,
          ...(r.attributes ? { attributes: r.attributes } : {}),
          ...(r.resource ? { resource: r.resource } : {}),
          window: formatDuration(r.windowMillis),
          reduction: r.reduction,
          comparison: r.comparison,
          threshold: r.threshold,
          for: formatDuration(r.forMillis),
          keep_firing_for: formatDuration(r.keepFiringForMillis),
          severity: r.severity,
          labels: r.labels,
          annotations: r.annotations,
        },
      ]),
    ),
    route: route(c.route, true),
    time_intervals: Object.fromEntries(
      Object.entries(c.timeIntervals).map(([name, ranges]) => [name, ranges.map(describeRange)]),
    ),
    oncall: {
      users: Object.fromEntries(
        Object.values(c.onCall.users).map((u) => [
          u.name,
          { ...(u.email ? { email: u.email } : {}), ...(u.slack ? { slack: u.slack } : {}) },
        ]),
      ),
      rotations: Object.fromEntries(
        Object.values(c.onCall.rotations).map((r) => [
          r.id,
          {
            layers: r.layers.map((l) => ({
              users: [...l.users],
              start: new Date(l.startMillis).toISOString(),
              shift: formatDuration(l.shiftMillis),
              ...(l.endMillis === undefined ? {} : { end: new Date(l.endMillis).toISOString() }),
            })),
            overrides: r.overrides.map((o) => ({
              user: o.user,
              start: new Date(o.startMillis).toISOString(),
              end: new Date(o.endMillis).toISOString(),
            })),
          },
        ]),
      ),
    },
    escalation_policies: Object.fromEntries(
      Object.values(c.escalationPolicies).map((p) => [
        p.id,
        {
          levels: p.levels.map((l) => ({
            after: formatDuration(l.afterMillis),
            channels: [...l.channels],
            ...(l.oncall === undefined ? {} : { oncall: l.oncall }),
          })),
          repeat: p.repeat,
          repeat_interval: formatDuration(p.repeatIntervalMillis),
          ...(p.ackTimeoutMillis === undefined
            ? {}
            : { ack_timeout: formatDuration(p.ackTimeoutMillis) }),
        },
      ]),
    ),
    inhibit_rules: c.inhibitRules.map((r) => ({
      source_matchers: r.sourceMatchers.map(formatMatcher),
      target_matchers: r.targetMatchers.map(formatMatcher),
      equal: [...r.equal],
    })),
    delivery: {
      max_attempts: c.delivery.maxAttempts,
      initial_backoff: formatDuration(c.delivery.initialBackoffMillis),
      max_backoff: formatDuration(c.delivery.maxBackoffMillis),
    },
  };
}
