/**
 * Event counts in one-second buckets over a sliding window, for "per second over the last
 * minute" rates. Pure: the caller passes the time. Memory is one Float64Array per counter
 * regardless of traffic.
 */
export interface RateWindow {
  /** Adds `amount` at `nowMillis`. Times earlier than the newest bucket's second count there. */
  add(nowMillis: number, amount: number): void;
  /** Total over the window ending at `nowMillis` (the current second included). */
  total(nowMillis: number): number;
  /**
   * Average per second over the window ending at `nowMillis`. Before a full window has
   * elapsed since `sinceMillis` (e.g. the start time), divides by the elapsed seconds instead,
   * so a fresh service does not under-report.
   */
  perSecond(nowMillis: number, sinceMillis?: number): number;
}

/** Creates a {@link RateWindow} of `windowSeconds` one-second buckets. @default 60 */
export function createRateWindow(windowSeconds = 60): RateWindow {
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
    throw new RangeError(`windowSeconds: must be a positive integer, got ${windowSeconds}`);
  }
  const counts = new Float64Array(windowSeconds);
  // The absolute second each slot currently holds; -1 = never used.
  const seconds = new Float64Array(windowSeconds).fill(-1);
  let newest = -1;

  const total = (nowMillis: number): number => {
    const now = Math.floor(nowMillis / 1000);
    let sum = 0;
    for (let i = 0; i < windowSeconds; i++) {
      const s = seconds[i] ?? -1;
      if (s > now - windowSeconds && s <= now) sum += counts[i] ?? 0;
    }
    return sum;
  };

  return {
    add(nowMillis, amount) {
      let second = Math.floor(nowMillis / 1000);
      if (second < newest) second = newest;
      newest = second;
      const slot = second % windowSeconds;
      if (seconds[slot] !== second) {
        seconds[slot] = second;
        counts[slot] = 0;
      }
      counts[slot] = (counts[slot] ?? 0) + amount;
    },
    total,
    perSecond(nowMillis, sinceMillis) {
      let span = windowSeconds;
      if (sinceMillis !== undefined) {
        const elapsed = Math.floor(nowMillis / 1000) - Math.floor(sinceMillis / 1000) + 1;
        span = Math.max(1, Math.min(windowSeconds, elapsed));
      }
      return total(nowMillis) / span;
    },
  };
}
