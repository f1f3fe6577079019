/**
 * Pieces shared by the `slo` section and OpenSLO documents: budget windows, attribute
 * matchers, metric quantities, alert windows.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { BurnAlertWindow } from '../engines/slo/alert-windows.js';
import type { BudgetWindow, MetricQuantity } from '../engines/slo/types.js';
import { joinPath } from './errors.js';
import { parseDuration } from './units.js';
import { MapReader } from './yaml-reader.js';
import { readNumber, readString, report, resolve } from './yaml-scalars.js';
import type { ReadContext, YamlValue } from './yaml-scalars.js';

const CALENDAR_UNITS = ['day', 'week', 'month', 'quarter'] as const;

/** Longest rolling budget window, in seconds (the counters are sized for it). */
export const MAX_ROLLING_WINDOW_SECONDS = 400 * 86_400;

/**
 * Parses a budget window: a rolling duration (`30d`, `7d`, `4w`, `12h`) or `calendar day`,
 * `calendar week`, `calendar month`, `calendar quarter` (UTC).
 */
export function parseBudgetWindow(
  text: string,
): { ok: true; value: BudgetWindow } | { ok: false; error: string } {
  const trimmed = text.trim();
  const calendar = /^calendar\s+(\w+)$/.exec(trimmed);
  if (calendar) {
    const unit = calendar[1] as (typeof CALENDAR_UNITS)[number];
    if ((CALENDAR_UNITS as readonly string[]).includes(unit)) {
      return { ok: true, value: { kind: 'calendar', unit } };
    }
    return {
      ok: false,
      error: `calendar windows are ${CALENDAR_UNITS.map((u) => `"calendar ${u}"`).join(', ')} (got "${text}")`,
    };
  }
  const weeks = /^(\d+)w$/.exec(trimmed);
  const parsed = weeks
    ? { ok: true as const, value: Number(weeks[1]) * 7 * 86_400_000 }
    : parseDuration(trimmed);
  if (!parsed.ok) {
    return {
      ok: false,
      error: `must be a rolling window like 30d, 7d or 4w, or "calendar month" (got "${text}")`,
    };
  }
  const seconds = parsed.value / 1000;
  if (!(seconds >= 3600 && seconds <= MAX_ROLLING_WINDOW_SECONDS && Number.isInteger(seconds))) {
    return { ok: false, error: `must be between 1h and 400d in whole seconds (got "${text}")` };
  }
  return { ok: true, value: { kind: 'rolling', seconds } };
}

/** Reads a budget window key. */
export function readBudgetWindow(
  reader: MapReader,
  key: string,
  fallback: BudgetWindow,
): BudgetWindow {
  const text = reader.string(key);
  if (text === undefined) return fallback;
  const parsed = parseBudgetWindow(text);
  if (parsed.ok) return parsed.value;
  report(reader.ctx, reader.pathOf(key), parsed.error, reader.node(key));
  return fallback;
}

/** Reads `where`: attribute → string, number, boolean, or `{ present: true|false }`. */
export function readWhere(reader: MapReader, key: string): MetricQuantity['where'] {
  if (!reader.has(key)) return undefined;
  const where: Record<string, string | { present: boolean }> = {};
  const map = reader.map(key);
  for (const { key: attr, node, path } of map.entries()) {
    const resolved = resolve(reader.ctx, node);
    if (resolved && isMap(resolved)) {
      const inner = map.map(attr);
      if (!inner.has('present'))
        report(reader.ctx, inner.pathOf('present'), 'is required (true or false)', node);
      where[attr] = { present: inner.boolean('present', true) };
      inner.finish();
    } else if (
      resolved &&
      isScalar(resolved) &&
      ['number', 'boolean'].includes(typeof resolved.value)
    ) {
      where[attr] = String(resolved.value);
    } else {
      const value = readString(reader.ctx, node, path);
      if (value !== undefined) where[attr] = value;
    }
  }
  map.finish();
  return where;
}

/** Reads a metric name (required, non-empty). */
export function readMetric(reader: MapReader, key = 'metric'): string {
  if (!reader.has(key)) report(reader.ctx, reader.pathOf(key), 'is required', reader.mapNode);
  const metric = reader.string(key, '');
  if (reader.has(key) && metric.trim() === '') {
    report(reader.ctx, reader.pathOf(key), 'must name a metric', reader.node(key));
  }
  return metric;
}

/** Reads `{ metric, quantity, where }`. */
export function readQuantity(reader: MapReader): MetricQuantity {
  const metric = readMetric(reader);
  const quantity = reader.oneOf('quantity', ['count', 'sum'] as const, 'sum');
  const where = readWhere(reader, 'where');
  reader.finish();
  return { metric, quantity, ...(where ? { where } : {}) };
}

/** Reads an alert window table (`[{ severity, long, short, budget_consumed }]`). */
export function readAlertWindows(
  reader: MapReader,
  key: string,
  fallback: readonly BurnAlertWindow[],
): readonly BurnAlertWindow[] {
  const node = reader.node(key);
  if (node === undefined) return fallback;
  const path = reader.pathOf(key);
  const resolved = resolve(reader.ctx, node);
  if (!resolved || !isSeq(resolved) || resolved.items.length === 0) {
    report(
      reader.ctx,
      path,
      'must be a non-empty list of { severity, long, short, budget_consumed }',
      node,
    );
    return fallback;
  }
  const rows: BurnAlertWindow[] = [];
  resolved.items.forEach((item, index) => {
    const row = new MapReader(reader.ctx, item as Node, joinPath(path, index));
    for (const k of ['severity', 'long', 'short', 'budget_consumed']) {
      if (!row.has(k)) report(reader.ctx, row.pathOf(k), 'is required', item as Node);
    }
    const severity = row.oneOf('severity', ['page', 'ticket'] as const, 'page');
    const longMillis = row.duration('long', 3_600_000, { min: 1000 });
    const shortMillis = row.duration('short', 300_000, { min: 1000 });
    const budgetConsumed = row.number('budget_consumed', 0.02, { above: 0, max: 1 });
    if (shortMillis >= longMillis) {
      report(reader.ctx, row.pathOf('short'), 'must be shorter than long', row.node('short'));
    }
    row.finish();
    rows.push({
      severity,
      longWindowSeconds: Math.round(longMillis / 1000),
      shortWindowSeconds: Math.round(shortMillis / 1000),
      budgetConsumed,
    });
  });
  return rows;
}

/** Reads an objective share in (0, 1). */
export function readObjective(ctx: ReadContext, node: YamlValue, path: string): number | undefined {
  const value = readNumber(ctx, node, path, { above: 0 });
  if (value === undefined) return undefined;
  if (value >= 1) {
    report(
      ctx,
      path,
      `must be below 1: an objective of 100 % leaves no error budget (got ${value})`,
      node,
    );
    return undefined;
  }
  return value;
}
