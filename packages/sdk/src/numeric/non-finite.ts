import { isFloatArray, isWalkableRecord } from './scan-limits.js';
import type { ResolvedScanLimits } from './scan-limits.js';

/**
 * Counts NaN and infinite numbers in a result: a number, an array, a float typed array, or
 * objects nesting them, walked depth-first within `limits` (depth, and elements visited:
 * numbers, other values, and containers left closed at the depth bound). Integer typed
 * arrays cannot hold non-finite values and are skipped at the cost of one element. Cycles
 * end at the depth bound. Own enumerable properties are read as plain values.
 */
export function countNonFinite(value: unknown, limits: ResolvedScanLimits): number {
  if (typeof value === 'number') return Number.isFinite(value) ? 0 : 1;
  if (typeof value !== 'object' || value === null) return 0;
  const budget = { remaining: limits.maxElements };
  return walk(value, 0, limits.maxDepth, budget);
}

function walk(
  value: unknown,
  depth: number,
  maxDepth: number,
  budget: { remaining: number },
): number {
  if (budget.remaining <= 0) return 0;
  if (typeof value === 'number') {
    budget.remaining--;
    return Number.isFinite(value) ? 0 : 1;
  }
  if (depth >= maxDepth || typeof value !== 'object' || value === null) {
    // Nothing to count here, but visiting it was a step: charge it, so that wide or cyclic
    // results without numbers cannot make a scan run far past the limits.
    budget.remaining--;
    return 0;
  }
  if (isFloatArray(value)) {
    const n = Math.min(value.length, budget.remaining);
    budget.remaining -= n;
    let count = 0;
    for (let i = 0; i < n; i++) {
      // `x - x` is 0 for finite x and NaN for NaN and both infinities.
      const x = value[i] as number;
      if (x - x !== 0) count++;
    }
    return count;
  }
  if (Array.isArray(value)) {
    let count = 0;
    for (let i = 0; i < value.length && budget.remaining > 0; i++) {
      count += walk(value[i], depth + 1, maxDepth, budget);
    }
    return count;
  }
  if (!isWalkableRecord(value)) {
    budget.remaining--;
    return 0;
  }
  let count = 0;
  for (const key of Object.keys(value)) {
    if (budget.remaining <= 0) break;
    count += walk(value[key], depth + 1, maxDepth, budget);
  }
  return count;
}
