/**
 * Readers of the structured parts of the `alerting` section: lists of mappings, matchers,
 * string maps, time intervals, escalation policies and the routing tree.
 */
import { isSeq } from 'yaml';
import type { Node } from 'yaml';
import { joinPath } from '../config/errors.js';
import { MapReader } from '../config/yaml-reader.js';
import { readString, report, resolve } from '../config/yaml-scalars.js';
import { DEFAULT_ROUTE_TIMING } from './dispatch/route.js';
import type { RouteConfig } from './dispatch/route.js';
import {
  parseClock,
  parseDaysOfMonth,
  parseMonths,
  parseWeekdays,
  validTimeZone,
} from './dispatch/time-intervals.js';
import type { TimeIntervals, TimeRange } from './dispatch/time-intervals.js';
import type { AlertingConfig } from './config.js';
import type { EscalationPolicy } from './escalation/escalation-policy.js';
import { parseMatcher } from './matchers.js';
import type { Matcher } from './matchers.js';
import type { ChannelConfig } from './notify/channels.js';
import { requiredString } from './notify/secret-field.js';

/** The mappings of a list (`routes`, `inhibit_rules`), each with its reader. */
export function mapItems(reader: MapReader, key: string): MapReader[] {
  const node = reader.node(key);
  if (node === undefined) return [];
  const resolved = resolve(reader.ctx, node);
  if (!resolved || !isSeq(resolved)) {
    report(reader.ctx, reader.pathOf(key), 'must be a list of mappings', node);
    return [];
  }
  return resolved.items.map(
    (item, i) => new MapReader(reader.ctx, item as Node, joinPath(reader.pathOf(key), i)),
  );
}

/** A list of matchers in Alertmanager's syntax. */
export function readMatchers(reader: MapReader, key: string): Matcher[] {
  const out: Matcher[] = [];
  for (const item of reader.stringItems(key, { single: true })) {
    const parsed = parseMatcher(item.value);
    if (parsed.ok) out.push(parsed.value);
    else report(reader.ctx, item.path, parsed.error, item.node);
  }
  return out;
}

/** A mapping of strings to strings (labels, annotations, attribute matchers). */
export function readStringMap(reader: MapReader, key: string): Record<string, string> {
  const map = reader.map(key);
  const out: Record<string, string> = {};
  for (const { key: name, node, path } of map.entries()) {
    const value = readString(reader.ctx, node, path);
    if (value !== undefined) out[name] = value;
  }
  map.finish();
  return out;
}

function readRanges(
  reader: MapReader,
  key: string,
  parse: (text: string) => { ok: true; value: [number, number] } | { ok: false; error: string },
): [number, number][] | undefined {
  if (!reader.has(key)) return undefined;
  const out: [number, number][] = [];
  for (const item of reader.stringItems(key, { single: true })) {
    const r = parse(item.value);
    if (r.ok) out.push(r.value);
    else report(reader.ctx, item.path, r.error, item.node);
  }
  return out;
}

function readTimeRange(reader: MapReader): TimeRange {
  const range: TimeRange = {};
  const times = mapItems(reader, 'times');
  if (times.length > 0) {
    range.times = times.map((t) => {
      const parsed = ['start_time', 'end_time'].map((k) => {
        const r = parseClock(requiredString(t, k));
        if (!r.ok) report(t.ctx, t.pathOf(k), r.error, t.node(k));
        return r.ok ? r.value : 0;
      });
      const [startMinute = 0, endMinute = 0] = parsed;
      if (endMinute <= startMinute)
        report(t.ctx, t.pathOf('end_time'), 'must be after start_time', t.node('end_time'));
      t.finish();
      return { startMinute, endMinute };
    });
  }
  const weekdays = readRanges(reader, 'weekdays', parseWeekdays);
  if (weekdays) range.weekdays = weekdays;
  const days = readRanges(reader, 'days_of_month', parseDaysOfMonth);
  if (days) range.daysOfMonth = days;
  const months = readRanges(reader, 'months', parseMonths);
  if (months) range.months = months;
  if (reader.has('location')) {
    const location = reader.string('location', 'UTC');
    if (validTimeZone(location)) range.location = location;
    else
      report(
        reader.ctx,
        reader.pathOf('location'),
        `unknown time zone "${location}" (IANA names like Europe/Berlin)`,
        reader.node('location'),
      );
  }
  reader.finish();
  return range;
}

export function readTimeIntervals(section: MapReader): TimeIntervals {
  const out: Record<string, TimeRange[]> = {};
  const intervals = section.map('time_intervals');
  for (const { key } of intervals.entries()) out[key] = mapItems(intervals, key).map(readTimeRange);
  intervals.finish();
  return out;
}

/** Reads a list of names under `key`, reporting each one that `defined` does not hold. */
function readReferences(
  reader: MapReader,
  key: string,
  defined: Readonly<Record<string, unknown>>,
  what: string,
): string[] {
  const out: string[] = [];
  for (const { value, node, path } of reader.stringItems(key, { single: true })) {
    if (defined[value] === undefined) {
      const names = Object.keys(defined).join(', ') || 'none';
      report(reader.ctx, path, `references undefined ${what} "${value}" (defined: ${names})`, node);
    } else out.push(value);
  }
  return out;
}

/** Reads one name under `key`; undefined (and reported) when `defined` does not hold it. */
function readReference(
  reader: MapReader,
  key: string,
  defined: Readonly<Record<string, unknown>>,
  what: string,
): string | undefined {
  const value = reader.string(key, '');
  if (defined[value] !== undefined) return value;
  const names = Object.keys(defined).join(', ') || 'none';
  const message = `references undefined ${what} "${value}" (defined: ${names})`;
  report(reader.ctx, reader.pathOf(key), message, reader.node(key));
  return undefined;
}

function readIntervalNames(reader: MapReader, key: string, intervals: TimeIntervals): string[] {
  return readReferences(reader, key, intervals, 'time interval');
}

function readChannelIds(
  reader: MapReader,
  key: string,
  channels: Record<string, ChannelConfig>,
): string[] {
  return readReferences(reader, key, channels, 'channel');
}

function readTime(reader: MapReader, key: string): number {
  const text = requiredString(reader, key);
  const millis = Date.parse(text);
  if (text !== '' && !Number.isFinite(millis)) {
    report(
      reader.ctx,
      reader.pathOf(key),
      `must be an RFC 3339 time like 2026-01-05T09:00:00Z (got "${text}")`,
      reader.node(key),
    );
  }
  return Number.isFinite(millis) ? millis : 0;
}

/** Reads `oncall`: `users.<name>` (`email`, `slack`) and `rotations.<id>` (`layers`, `overrides`). */
export function readOnCall(section: MapReader): AlertingConfig['onCall'] {
  const oncall = section.map('oncall');
  const users: AlertingConfig['onCall']['users'] = {};
  const usersReader = oncall.map('users');
  for (const { key } of usersReader.entries()) {
    const u = usersReader.map(key);
    const email = u.string('email');
    const slack = u.string('slack');
    users[key] = { name: key, ...(email ? { email } : {}), ...(slack ? { slack } : {}) };
    u.finish();
  }
  usersReader.finish();
  const known = (reader: MapReader, name: string, node: unknown, path: string): void => {
    if (users[name] === undefined) {
      report(
        reader.ctx,
        path,
        `references undefined user "${name}" (defined under alerting.oncall.users: ${Object.keys(users).join(', ') || 'none'})`,
        node as never,
      );
    }
  };
  const rotations: AlertingConfig['onCall']['rotations'] = {};
  const rotationsReader = oncall.map('rotations');
  for (const { key } of rotationsReader.entries()) {
    const r = rotationsReader.map(key);
    const layers = mapItems(r, 'layers').map((l) => {
      const items = l.stringItems('users');
      for (const item of items) known(l, item.value, item.node, item.path);
      if (items.length === 0)
        report(l.ctx, l.pathOf('users'), 'is required: one or more users', l.mapNode);
      const layer = {
        users: items.map((i) => i.value),
        startMillis: readTime(l, 'start'),
        shiftMillis: l.duration('shift', 7 * 86_400_000, { min: 60_000 }),
        ...(l.has('end') ? { endMillis: readTime(l, 'end') } : {}),
      };
      l.finish();
      return layer;
    });
    const overrides = mapItems(r, 'overrides').map((o) => {
      const user = requiredString(o, 'user');
      if (user !== '') known(o, user, o.node('user'), o.pathOf('user'));
      const override = { user, startMillis: readTime(o, 'start'), endMillis: readTime(o, 'end') };
      if (override.endMillis <= override.startMillis)
        report(o.ctx, o.pathOf('end'), 'must be after start', o.node('end'));
      o.finish();
      return override;
    });
    if (layers.length === 0)
      report(r.ctx, r.pathOf('layers'), 'is required: one or more layers', r.mapNode);
    rotations[key] = { id: key, layers, overrides };
    r.finish();
  }
  rotationsReader.finish();
  oncall.finish();
  return { users, rotations };
}

export function readEscalationPolicies(
  section: MapReader,
  channels: Record<string, ChannelConfig>,
  rotations: Readonly<Record<string, unknown>> = {},
): Record<string, EscalationPolicy> {
  const out: Record<string, EscalationPolicy> = {};
  const policies = section.map('escalation_policies');
  for (const { key } of policies.entries()) {
    const reader = policies.map(key);
    const levels = mapItems(reader, 'levels').map((level) => {
      if (!level.has('channels'))
        report(level.ctx, level.pathOf('channels'), 'is required', level.mapNode);
      const read: EscalationPolicy['levels'][number] = {
        afterMillis: level.duration('after', 0, { min: 0 }),
        channels: readChannelIds(level, 'channels', channels),
      };
      if (level.has('oncall')) {
        const id = readReference(level, 'oncall', rotations, 'on-call rotation');
        if (id !== undefined) Object.assign(read, { oncall: id });
      }
      level.finish();
      return read;
    });
    if (levels.length === 0)
      report(
        reader.ctx,
        reader.pathOf('levels'),
        'is required: one or more levels',
        reader.mapNode,
      );
    for (let i = 1; i < levels.length; i++) {
      if ((levels[i]?.afterMillis ?? 0) < (levels[i - 1]?.afterMillis ?? 0)) {
        report(
          reader.ctx,
          joinPath(reader.pathOf('levels'), i),
          'after: must not be earlier than the level before',
          reader.node('levels'),
        );
      }
    }
    const last = levels[levels.length - 1]?.afterMillis ?? 0;
    const repeatIntervalMillis = reader.duration(
      'repeat_interval',
      Math.max(30 * 60_000, last + 60_000),
      { min: 1000 },
    );
    if (repeatIntervalMillis <= last) {
      report(
        reader.ctx,
        reader.pathOf('repeat_interval'),
        "must be longer than the last level's after",
        reader.node('repeat_interval'),
      );
    }
    out[key] = {
      id: key,
      levels,
      repeat: reader.number('repeat', 0, { min: 0, max: 100, integer: true }),
      repeatIntervalMillis,
      ackTimeoutMillis: reader.has('ack_timeout')
        ? reader.duration('ack_timeout', 0, { min: 1000 })
        : undefined,
    };
    reader.finish();
  }
  policies.finish();
  return out;
}

function readTiming(reader: MapReader): Partial<RouteConfig> {
  const out: Partial<RouteConfig> = {};
  if (reader.has('group_by')) out.groupBy = reader.stringList('group_by', []);
  const durations = [
    ['group_wait', 'groupWaitMillis'],
    ['group_interval', 'groupIntervalMillis'],
    ['repeat_interval', 'repeatIntervalMillis'],
  ] as const;
  for (const [key, field] of durations) {
    if (reader.has(key)) out[field] = reader.duration(key, DEFAULT_ROUTE_TIMING[field], { min: 0 });
  }
  return out;
}

export function readRoute(
  reader: MapReader,
  channels: Record<string, ChannelConfig>,
  intervals: TimeIntervals,
  policies: Record<string, EscalationPolicy>,
): RouteConfig {
  const route: RouteConfig = { ...readTiming(reader) };
  if (reader.has('escalation')) {
    const id = readReference(reader, 'escalation', policies, 'escalation policy');
    if (id !== undefined) route.escalation = id;
  }
  if (reader.has('mute_time_intervals')) {
    route.muteTimeIntervals = readIntervalNames(reader, 'mute_time_intervals', intervals);
  }
  if (reader.has('active_time_intervals')) {
    route.activeTimeIntervals = readIntervalNames(reader, 'active_time_intervals', intervals);
  }
  if (reader.has('matchers')) route.matchers = readMatchers(reader, 'matchers');
  if (reader.has('channels')) route.channels = readChannelIds(reader, 'channels', channels);
  if (reader.has('continue')) route.continue = reader.boolean('continue', false);
  const children = mapItems(reader, 'routes');
  if (children.length > 0) {
    route.routes = children.map((child) => {
      const r = readRoute(child, channels, intervals, policies);
      child.finish();
      return r;
    });
  }
  return route;
}
