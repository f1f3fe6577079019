/** Long loops that return to the event loop regularly, so they never stall a process. */
import { setImmediate as nextTick } from 'node:timers/promises';

/** Returns to the event loop when a slice of work has run for `sliceMillis`. */
export class Slicer {
  private _start = performance.now();
  private _n = 0;

  /** @param _sliceMillis longest stretch of work between two returns, in milliseconds */
  constructor(private readonly _sliceMillis: number) {}

  /** Whether the current slice is over (checked every 64 calls: the clock costs). */
  over(): boolean {
    return (++this._n & 63) === 0 && performance.now() - this._start >= this._sliceMillis;
  }

  /** Yields to the event loop and starts a new slice. */
  async pause(): Promise<void> {
    await nextTick();
    this._start = performance.now();
  }
}
