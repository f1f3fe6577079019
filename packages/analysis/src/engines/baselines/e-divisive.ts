/**
 * E-Divisive means with a Student-t significance test over one window: the window is split
 * recursively at the candidate with the largest energy divergence Q̂ among all current
 * segments, as long as the split is significant (p <= maxPValue).
 */
import { compareSides } from './change-point-stats.js';
import { createEnergyWindow } from './energy-divergence.js';

/** Segments [start, stop) between sorted change points of a range of `length` points. */
export function segmentsBetween(
  changePoints: readonly number[],
  length: number,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (const cp of changePoints) {
    if (cp !== start) out.push([start, cp]);
    start = cp;
  }
  if (start !== length) out.push([start, length]);
  return out;
}

/** The distance table shared by the windows (grown to the largest window seen). */
let scratch = new Float64Array(0);

/**
 * Change points of `dims` restricted to [from, to) (dimension-major), window-relative
 * indices shifted back to series indices, sorted ascending.
 */
export function eDivisiveWindow(
  dims: readonly (readonly number[])[],
  from: number,
  to: number,
  maxPValue: number,
  correctAutocorrelation = false,
): number[] {
  const length = to - from;
  if (length < 2) return [];
  const windowDims = dims.map((d) => d.slice(from, to));
  const points: number[][] = [];
  for (let i = 0; i < length; i++) points.push(windowDims.map((d) => d[i]!));
  if (scratch.length < (length + 1) ** 2) scratch = new Float64Array((length + 1) ** 2);
  // The window never outlives this call, so every call shares one table.
  const energy = createEnergyWindow(points, scratch);
  const found: number[] = [];
  for (;;) {
    let best: { index: number; qhat: number; start: number; stop: number } | undefined;
    for (const [start, stop] of segmentsBetween(found, length)) {
      const candidate = energy.bestSplit(start, stop);
      if (candidate && (best === undefined || candidate.qhat > best.qhat)) {
        best = { ...candidate, start, stop };
      }
    }
    if (!best) break;
    const stats = compareSides(
      windowDims,
      best.start,
      best.index,
      best.stop,
      correctAutocorrelation,
    );
    if (!(stats.pValue <= maxPValue)) break;
    found.push(best.index);
    found.sort((a, b) => a - b);
  }
  return found.map((i) => i + from);
}
