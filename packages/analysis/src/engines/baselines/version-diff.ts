/**
 * Difference between two sets of baselines (two versions, or a version and the current set).
 */
import type { BaselineRecord } from '../../store/baseline-records.js';

/** How one key differs. */
export interface BaselineDiffEntry {
  key: string;
  metric: string;
  /** `added`: only in the newer set; `removed`: only in the older; `changed`; `unchanged`. */
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Per statistic: the older value, the newer value and the relative change (NaN if undefined). */
  statistics: Record<
    'p50' | 'p95' | 'p99' | 'mean',
    { from: number; to: number; relative: number }
  >;
  /** Method of each side (undefined for a missing side). */
  methodFrom?: string;
  methodTo?: string;
}

const COMPARED = ['p50', 'p95', 'p99', 'mean'] as const;

function same(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Entries for every key in either set, ordered by key. */
export function diffBaselines(
  older: readonly BaselineRecord[],
  newer: readonly BaselineRecord[],
): BaselineDiffEntry[] {
  const a = new Map(older.map((r) => [r.key, r]));
  const b = new Map(newer.map((r) => [r.key, r]));
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.map((key) => {
    const from = a.get(key);
    const to = b.get(key);
    const statistics = {} as BaselineDiffEntry['statistics'];
    let changed = from?.method !== to?.method;
    for (const s of COMPARED) {
      const x = from?.[s] ?? Number.NaN;
      const y = to?.[s] ?? Number.NaN;
      if (!same(x, y)) changed = true;
      statistics[s] = { from: x, to: y, relative: x === 0 ? Number.NaN : (y - x) / Math.abs(x) };
    }
    const entry: BaselineDiffEntry = {
      key,
      metric: (to ?? from)!.metric,
      change: !from ? 'added' : !to ? 'removed' : changed ? 'changed' : 'unchanged',
      statistics,
    };
    if (from) entry.methodFrom = from.method;
    if (to) entry.methodTo = to.method;
    return entry;
  });
}
