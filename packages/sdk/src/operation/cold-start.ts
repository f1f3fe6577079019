/** What a call is to cold-start detection. */
export const ColdRole = {
  /** Not part of the measurement (detection finished, or the call overlapped the first). */
  None: 0,
  /** The first call of the operation. */
  Cold: 1,
  /** A call started after the first one finished, while warm samples are collected. */
  Warm: 2,
} as const;

/** One of {@link ColdRole}'s values. */
export type ColdRole = (typeof ColdRole)[keyof typeof ColdRole];

/**
 * Detects the compilation cost of an operation's first call. Pure: it is given durations,
 * it reads no clock.
 *
 * The rule:
 * 1. The first call to begin is the cold call.
 * 2. Warm samples are the calls that begin after the cold call has finished and complete
 *    successfully; calls overlapping the cold call (concurrent async calls) may share its
 *    compilation work and are left out, and failed calls are left out because an early
 *    throw says nothing about the normal path.
 * 3. After `warmCalls` warm samples, compile overhead = max(0, cold duration - median of the
 *    warm samples) (median of an even count: mean of the two middle values). It is reported
 *    once and detection ends.
 * 4. If the cold call fails, no overhead is attributed and detection ends: its duration is
 *    not a compile-plus-run time.
 */
export class ColdStartTracker {
  private readonly _warmCalls: number;
  private _coldRunning = false;
  private _coldSeconds: number | undefined = undefined;
  private readonly _warm: number[] = [];
  private _done = false;

  constructor(warmCalls: number) {
    this._warmCalls = warmCalls;
  }

  /** True once the overhead was determined or detection was abandoned. */
  get done(): boolean {
    return this._done;
  }

  /** Registers the start of a call; returns its role, to hand back to {@link complete}. */
  begin(): ColdRole {
    if (this._done) return ColdRole.None;
    if (this._coldSeconds === undefined) {
      if (this._coldRunning) return ColdRole.None;
      this._coldRunning = true;
      return ColdRole.Cold;
    }
    return ColdRole.Warm;
  }

  /**
   * Registers the end of a call. Returns the compile overhead in seconds when this call
   * completes the measurement, otherwise `undefined`.
   */
  complete(role: ColdRole, seconds: number, ok: boolean): number | undefined {
    if (this._done || role === ColdRole.None) return undefined;
    const valid = ok && Number.isFinite(seconds) && seconds >= 0;
    if (role === ColdRole.Cold) {
      this._coldRunning = false;
      if (!valid) this._done = true;
      else this._coldSeconds = seconds;
      return undefined;
    }
    if (!valid || this._coldSeconds === undefined) return undefined;
    this._warm.push(seconds);
    if (this._warm.length < this._warmCalls) return undefined;
    this._done = true;
    return Math.max(0, this._coldSeconds - median(this._warm));
  }
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
