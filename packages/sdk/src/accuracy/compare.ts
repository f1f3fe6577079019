import { isWalkableRecord } from '../numeric/scan-limits.js';
import type { ResolvedScanLimits } from '../numeric/scan-limits.js';

/** Element-wise tolerance, as in `|actual - reference| <= absolute + relative * |reference|`. */
export interface Tolerance {
  readonly relative: number;
  readonly absolute: number;
}

/** Outcome of comparing a result with a reference result. */
export interface ComparisonResult {
  /** Elements within tolerance. */
  readonly matched: number;
  /** Elements compared, including ones present on one side only. */
  readonly compared: number;
  /** True when the depth or element bound cut the comparison short. */
  readonly truncated: boolean;
}

interface State {
  matched: number;
  compared: number;
  remaining: number;
  truncated: boolean;
  readonly tolerance: Tolerance;
  readonly maxDepth: number;
}

/**
 * Compares `actual` with `reference` element by element.
 *
 * Elements are the leaves of the two values: numbers (alone, in arrays, in typed arrays, in
 * nested objects), bigints, strings, booleans, `null` and `undefined`. Two numbers match when
 * they are within tolerance, equal (so equal infinities match), or both NaN; other leaves
 * match when `Object.is` holds. Where the shapes differ (a missing key, a shorter array, an
 * array against a number), every leaf present on one side only counts as compared and not
 * matched. Maps, dates and other opaque objects are single leaves compared by identity.
 */
export function compareResults(
  actual: unknown,
  reference: unknown,
  tolerance: Tolerance,
  limits: ResolvedScanLimits,
): ComparisonResult {
  const state: State = {
    matched: 0,
    compared: 0,
    remaining: limits.maxElements,
    truncated: false,
    tolerance,
    maxDepth: limits.maxDepth,
  };
  visit(actual, reference, 0, state);
  return { matched: state.matched, compared: state.compared, truncated: state.truncated };
}

/**
 * Achieved accuracy of a comparison: the fraction of compared elements within tolerance.
 * Two values with no elements at all (empty arrays) agree completely.
 */
export function comparisonAccuracy(result: ComparisonResult): number {
  return result.compared === 0 ? 1 : result.matched / result.compared;
}

/** Whether two numbers agree within tolerance; see {@link compareResults}. */
export function numbersMatch(actual: number, reference: number, tolerance: Tolerance): boolean {
  if (actual === reference) return true;
  if (Number.isNaN(actual)) return Number.isNaN(reference);
  if (!Number.isFinite(actual) || !Number.isFinite(reference)) return false;
  return (
    Math.abs(actual - reference) <= tolerance.absolute + tolerance.relative * Math.abs(reference)
  );
}

type Indexed = ArrayLike<unknown>;

function isIndexed(value: unknown): value is Indexed {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function visit(actual: unknown, reference: unknown, depth: number, state: State): void {
  if (state.remaining <= 0) {
    state.truncated = true;
    return;
  }
  if (typeof actual === 'number' && typeof reference === 'number') {
    state.remaining--;
    state.compared++;
    if (numbersMatch(actual, reference, state.tolerance)) state.matched++;
    return;
  }
  const actualIsContainer = isIndexed(actual) || isWalkableRecord(actual);
  const referenceIsContainer = isIndexed(reference) || isWalkableRecord(reference);
  if (!actualIsContainer && !referenceIsContainer) {
    state.remaining--;
    state.compared++;
    if (Object.is(actual, reference)) state.matched++;
    return;
  }
  if (depth >= state.maxDepth) {
    // Left closed, but visiting it was a step: charged so that wide or cyclic values cannot
    // make a comparison run far past the element bound.
    state.remaining--;
    state.truncated = true;
    return;
  }
  if (isIndexed(actual) && isIndexed(reference)) {
    const shared = Math.min(actual.length, reference.length);
    for (let i = 0; i < shared; i++) {
      if (state.remaining <= 0) {
        state.truncated = true;
        return;
      }
      visit(actual[i], reference[i], depth + 1, state);
    }
    unmatchedFrom(actual, shared, depth + 1, state);
    unmatchedFrom(reference, shared, depth + 1, state);
    return;
  }
  if (
    !isIndexed(actual) &&
    !isIndexed(reference) &&
    isWalkableRecord(actual) &&
    isWalkableRecord(reference)
  ) {
    for (const key of Object.keys(reference)) {
      if (state.remaining <= 0) {
        state.truncated = true;
        return;
      }
      if (Object.hasOwn(actual, key)) visit(actual[key], reference[key], depth + 1, state);
      else unmatched(reference[key], depth + 1, state);
    }
    for (const key of Object.keys(actual)) {
      if (state.remaining <= 0) {
        state.truncated = true;
        return;
      }
      if (!Object.hasOwn(reference, key)) unmatched(actual[key], depth + 1, state);
    }
    return;
  }
  // Shapes differ: every leaf on either side is compared and unmatched.
  unmatched(actual, depth, state);
  unmatched(reference, depth, state);
}

/** Counts the leaves of a value present on one side only as compared and unmatched. */
function unmatched(value: unknown, depth: number, state: State): void {
  if (state.remaining <= 0) {
    state.truncated = true;
    return;
  }
  if (isIndexed(value) || isWalkableRecord(value)) {
    if (depth >= state.maxDepth) {
      state.remaining--;
      state.truncated = true;
    } else if (isIndexed(value)) {
      unmatchedFrom(value, 0, depth + 1, state);
    } else {
      for (const key of Object.keys(value)) {
        if (state.remaining <= 0) {
          state.truncated = true;
          return;
        }
        unmatched(value[key], depth + 1, state);
      }
    }
    return;
  }
  state.remaining--;
  state.compared++;
}

/** {@link unmatched} for the elements of `items` from index `start` on. */
function unmatchedFrom(items: Indexed, start: number, depth: number, state: State): void {
  for (let i = start; i < items.length; i++) {
    if (state.remaining <= 0) {
      state.truncated = true;
      return;
    }
    unmatched(items[i], depth, state);
  }
}
