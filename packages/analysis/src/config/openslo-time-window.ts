/**
 * OpenSLO `timeWindow`: rolling (`28d`, `4w`) or a UTC calendar period (`1d`, `1w`, `1M`, `1Q`).
 */
import { isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { BudgetWindow } from '../engines/slo/types.js';
import { parseDuration } from './units.js';
import { MapReader } from './yaml-reader.js';
import { report } from './yaml-scalars.js';

/** Reads `spec.timeWindow` (one window), or `fallback` when absent. */
export function readTimeWindow(spec: MapReader, fallback: BudgetWindow): BudgetWindow {
  if (!spec.has('timeWindow')) return fallback;
  const node = spec.node('timeWindow');
  const items = node && isSeq(node) ? node.items : undefined;
  if (!items || items.length !== 1) {
    report(spec.ctx, spec.pathOf('timeWindow'), 'must be a list of one time window', node);
    return fallback;
  }
  const w = new MapReader(spec.ctx, items[0] as Node, `${spec.pathOf('timeWindow')}[0]`);
  const duration = w.string('duration', '');
  const rolling = w.boolean('isRolling', !w.has('calendar'));
  const calendar = w.map('calendar');
  calendar.string('startTime');
  const zone = calendar.string('timeZone', 'UTC');
  calendar.finish();
  w.finish();
  if (!rolling) {
    if (zone !== 'UTC' && zone !== 'Etc/UTC') {
      report(
        spec.ctx,
        calendar.pathOf('timeZone'),
        `only UTC calendar windows are supported (got "${zone}")`,
        calendar.node('timeZone'),
      );
    }
    const unit = ({ '1d': 'day', '1w': 'week', '1M': 'month', '1Q': 'quarter' } as const)[
      duration as '1d'
    ];
    if (unit) return { kind: 'calendar', unit };
    report(
      spec.ctx,
      w.pathOf('duration'),
      `calendar windows are 1d, 1w, 1M or 1Q (got "${duration}")`,
      w.node('duration'),
    );
    return fallback;
  }
  const weeks = /^(\d+)w$/.exec(duration);
  const parsed = weeks
    ? { ok: true as const, value: Number(weeks[1]) * 604_800_000 }
    : parseDuration(duration);
  if (!parsed.ok || parsed.value < 3_600_000) {
    report(
      spec.ctx,
      w.pathOf('duration'),
      `must be a rolling duration of at least 1h, like 28d or 4w (got "${duration}")`,
      w.node('duration'),
    );
    return fallback;
  }
  return { kind: 'rolling', seconds: Math.round(parsed.value / 1000) };
}
