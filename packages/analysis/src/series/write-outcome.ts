/**
 * What became of one data point written to the store, as a small integer so the hot path
 * allocates nothing: the low three bits are an {@link WriteOutcome} code, and the
 * {@link WRITE_RESET} and {@link WRITE_OVERFLOW} bits qualify it.
 */
export const WriteOutcome = {
  /** A sample was stored. */
  STORED: 0,
  /** Accepted as the cumulative reference of its stream; no sample (see `cumulative.ts`). */
  REFERENCE: 1,
  /** A no-recorded-value point: the stream was marked stale. */
  STALE_MARKER: 2,
  /** Dropped: same timestamp as the stream's last point. */
  DUPLICATE: 3,
  /** Dropped: older than the stream's last point. */
  OUT_OF_ORDER: 4,
  /**
   * Dropped: a cumulative point of a stream past the cardinality limit (its delta cannot
   * be computed without keeping the per-stream state the limit exists to bound).
   */
  OVERFLOW_DROPPED: 5,
  /**
   * Dropped: the point's stream is new and the store refused to create it (see
   * {@link refusalReason}). Streams that exist keep accepting points.
   */
  REFUSED: 6,
} as const;
/** One of the {@link WriteOutcome} codes. */
export type WriteOutcome = (typeof WriteOutcome)[keyof typeof WriteOutcome];

/** Bit set when the point reset its cumulative stream (start time change or decrease). */
export const WRITE_RESET = 8;
/** Bit set when the point went to its metric's overflow stream. */
export const WRITE_OVERFLOW = 16;

/** Bit set with {@link WriteOutcome.REFUSED}: the store holds `maxSeries` series. */
export const WRITE_REFUSED_SERIES_LIMIT = 32;
/** Bit set with {@link WriteOutcome.REFUSED}: the store holds `maxMemoryBytes`. */
export const WRITE_REFUSED_MEMORY_LIMIT = 64;
/** Bit set with {@link WriteOutcome.REFUSED}: a name, key or value is too long. */
export const WRITE_REFUSED_TOO_LONG = 128;

/** The write result of a refused series, for each refusal reason. */
export const REFUSED_SERIES_LIMIT = WriteOutcome.REFUSED | WRITE_REFUSED_SERIES_LIMIT;
/** See {@link REFUSED_SERIES_LIMIT}. */
export const REFUSED_MEMORY_LIMIT = WriteOutcome.REFUSED | WRITE_REFUSED_MEMORY_LIMIT;
/** See {@link REFUSED_SERIES_LIMIT}. */
export const REFUSED_TOO_LONG = WriteOutcome.REFUSED | WRITE_REFUSED_TOO_LONG;

/** Why a {@link WriteOutcome.REFUSED} write was refused; undefined for other results. */
export function refusalReason(
  result: number,
): 'series_limit' | 'memory_limit' | 'too_long' | undefined {
  if ((result & 7) !== WriteOutcome.REFUSED) return undefined;
  if ((result & WRITE_REFUSED_SERIES_LIMIT) !== 0) return 'series_limit';
  if ((result & WRITE_REFUSED_MEMORY_LIMIT) !== 0) return 'memory_limit';
  return 'too_long';
}

/** The outcome code of a write result. */
export function outcomeCode(result: number): WriteOutcome {
  return (result & 7) as WriteOutcome;
}

/** True when the write result means the point was accepted (stored or used). */
export function isAccepted(result: number): boolean {
  const code = result & 7;
  return code <= WriteOutcome.STALE_MARKER;
}
