/** Bounds on how much of a result the SDK walks when scanning or comparing it. */
export interface ScanLimits {
  /**
   * Container levels opened: 1 reaches the elements of an array result, 2 those of an array
   * of arrays (or of an object holding arrays). Deeper values are skipped.
   * @default 4
   */
  readonly maxDepth?: number;
  /**
   * Most elements visited per scan: numbers, other values (strings, booleans, opaque objects)
   * and containers left closed at the depth bound each count one. The rest are skipped.
   * @default 10000
   */
  readonly maxElements?: number;
}

/** {@link ScanLimits} with defaults applied. */
export interface ResolvedScanLimits {
  readonly maxDepth: number;
  readonly maxElements: number;
}

/** Default scan limits. */
export const DEFAULT_SCAN_LIMITS: ResolvedScanLimits = { maxDepth: 4, maxElements: 10_000 };

/** True for typed arrays that can hold NaN or infinities (floating point element types). */
export function isFloatArray(value: unknown): value is Float32Array | Float64Array {
  return value instanceof Float64Array || value instanceof Float32Array;
}

/**
 * True for objects whose own enumerable properties are worth walking: arrays and plain or
 * class-instance records. Promises, maps, dates, functions and other built-ins are opaque.
 */
export function isWalkableRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if (ArrayBuffer.isView(value)) return false;
  return !(
    value instanceof Promise ||
    value instanceof Map ||
    value instanceof Set ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof ArrayBuffer
  );
}
