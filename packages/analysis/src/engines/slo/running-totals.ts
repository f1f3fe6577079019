/**
 * Increments of running totals between evaluations, per series.
 *
 * The series view keeps exact running totals per series; the engine remembers the last value
 * it saw and counts the difference. The rules, which make a restart or a reset lose nothing
 * and count nothing twice:
 * - a series seen before: the increase since then;
 * - a total below the last one (the series was reset or re-created): the whole new total;
 * - except the first time a series remembered from persisted state is seen again: a total
 *   below the remembered one then means the series store restored an older checkpoint than
 *   the engine's, and those events were already counted; the new total becomes the baseline
 *   and nothing is counted (counting it would count the series' whole history twice);
 * - a series never seen (new since the last evaluation, or since the state was persisted):
 *   its whole total, since every observation in it is new to the engine.
 * Series are remembered by id, and by fingerprint (metric and attributes) across restarts.
 */

/** Last-seen totals of one series; `a`/`b` are the tracked quantities (e.g. good and total). */
export interface TotalsEntry {
  a: number;
  b: number;
}

interface Remembered extends TotalsEntry {
  /** Restored from persisted state and not compared since. */
  restored?: boolean;
}

/** The persisted form: fingerprint → [a, b]. */
export type RunningTotalsState = Record<string, [number, number]>;

/** Tracks the last totals of the series of one SLO. */
export class RunningTotals {
  private readonly _byId = new Map<number, Remembered>();
  private _restored = new Map<string, TotalsEntry>();
  private readonly _fingerprints = new Map<number, string>();
  /** Resets seen since creation. */
  resets = 0;
  /** Series whose totals came back below the persisted ones after a restart. */
  skewedRestores = 0;

  /**
   * The increase of `(a, b)` for series `id` since the last call, applying the rules above.
   * `fingerprint` is called only the first time a series id is seen.
   */
  delta(
    id: number,
    fingerprint: () => string,
    a: number,
    b: number,
    out: TotalsEntry,
  ): TotalsEntry {
    let last = this._byId.get(id);
    if (last === undefined) {
      const fp = fingerprint();
      this._fingerprints.set(id, fp);
      const restored = this._restored.get(fp);
      this._restored.delete(fp);
      last = restored ? { ...restored, restored: true } : { a: 0, b: 0 };
      this._byId.set(id, last);
    }
    const firstAfterRestore = last.restored === true;
    last.restored = false;
    if (firstAfterRestore && (a < last.a || b < last.b)) {
      this.skewedRestores++;
      out.a = 0;
      out.b = 0;
    } else if (a < last.a || b < last.b) {
      this.resets++;
      out.a = a;
      out.b = b;
    } else {
      out.a = a - last.a;
      out.b = b - last.b;
    }
    last.a = a;
    last.b = b;
    return out;
  }

  /** Forgets series not in `live` (evicted from the store). */
  retain(live: ReadonlySet<number>): void {
    for (const id of this._byId.keys()) {
      if (!live.has(id)) {
        this._byId.delete(id);
        this._fingerprints.delete(id);
      }
    }
  }

  /** Series tracked. */
  get size(): number {
    return this._byId.size;
  }

  /** The state to persist. */
  toState(): RunningTotalsState {
    const out: RunningTotalsState = {};
    for (const [fp, e] of this._restored) out[fp] = [e.a, e.b];
    for (const [id, e] of this._byId) {
      const fp = this._fingerprints.get(id);
      if (fp !== undefined) out[fp] = [e.a, e.b];
    }
    return out;
  }

  /** Loads persisted state (before the first `delta`). */
  restore(state: RunningTotalsState): void {
    this._restored = new Map(
      Object.entries(state).map(([fp, [a, b]]) => [fp, { a: Number(a) || 0, b: Number(b) || 0 }]),
    );
  }
}
