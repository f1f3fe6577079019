/**
 * Reductions of a window of samples to one number. For histogram and summary series a sample
 * holds the delta sum and count of observations, so `avg` is the mean observation
 * (Σsum / Σcount) and `count` the number of observations; for other series `avg` is the mean
 * sample value and `count` the number of samples. `min`, `max` and `last` read sample values
 * (for gauges, the gauge values); for histograms and summaries, each interval's mean
 * observation (its sum over its count), skipping intervals without observations, so that
 * `min` of an accuracy histogram is the lowest mean accuracy of an export interval, not the
 * smallest sum of accuracies.
 */
import type { Sample } from '../../series/types.js';

/** How a window of samples becomes one value. */
export const REDUCTIONS = ['avg', 'min', 'max', 'last', 'sum', 'count', 'rate'] as const;
/** One of {@link REDUCTIONS}. */
export type Reduction = (typeof REDUCTIONS)[number];

/**
 * Reduces `samples` (oldest first). `rate` is `sum` per second over `windowSeconds`.
 * Undefined when the window holds no usable sample (no value, so no alert and no resolve
 * decision from missing data beyond "condition not met").
 */
export function reduce(
  samples: readonly Sample[],
  reduction: Reduction,
  windowSeconds: number,
): number | undefined {
  let n = 0;
  let sum = 0;
  let observations = 0;
  let weighted = false;
  let min = Infinity;
  let max = -Infinity;
  let last: number | undefined;
  for (const s of samples) {
    if (Number.isNaN(s.value)) continue;
    n++;
    sum += s.value;
    let point = s.value;
    if (s.count !== undefined) {
      weighted = true;
      observations += s.count;
      if (s.count <= 0) continue;
      point = s.value / s.count;
    }
    if (point < min) min = point;
    if (point > max) max = point;
    last = point;
  }
  if (n === 0) return reduction === 'count' || reduction === 'sum' ? 0 : undefined;
  if (last === undefined && (reduction === 'min' || reduction === 'max' || reduction === 'last')) {
    return undefined;
  }
  switch (reduction) {
    case 'avg':
      if (weighted) return observations > 0 ? sum / observations : undefined;
      return sum / n;
    case 'min':
      return min;
    case 'max':
      return max;
    case 'last':
      return last;
    case 'sum':
      return sum;
    case 'count':
      return weighted ? observations : n;
    case 'rate':
      return sum / windowSeconds;
  }
}
