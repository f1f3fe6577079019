import { fitIsolationForest } from './isolation-forest-model.js';
import type { IsolationForestModel } from './isolation-forest-model.js';

/** Recent feature vectors a fit draws its subsample from. */
const RECENT_ROWS = 1024;
/** Rows learned before the first fit. */
const FIRST_FIT_ROWS = 64;
/** Forests in the ensemble: each fit replaces the oldest. */
export const ENSEMBLE_MEMBERS = 5;

/**
 * A rolling ensemble of isolation forests over a stream of feature vectors. Every
 * `refitEvery` rows (and at 64, 128 and 256 rows while the stream is young) a new
 * `isolation-forest` instance with `trees / 5` trees is fitted on a fresh subsample (at most
 * 256 rows) of the latest 1,024 rows and replaces the oldest of the 5 members. A vector's
 * score averages the normalised path lengths over every member's trees, so the ensemble
 * scores like one forest of `trees` trees, follows the stream in steps of `refitEvery`
 * rows, and each fit costs a fifth of a whole forest.
 *
 * The rows are copied into buffers that are reused once 1,024 are held: learning allocates
 * nothing in steady state.
 */
export class ForestEnsemble {
  private readonly _rows: Float64Array[] = [];
  private _next = 0;
  private _learned = 0;
  private _sinceFit = 0;
  private _fits = 0;
  private readonly _members: IsolationForestModel[] = [];

  /**
   * @param _width length of every feature vector
   * @param _trees trees over all members
   * @param _refitEvery rows between two fits once the stream is past 256 rows
   * @param _seed seed of the first fit (the k-th fit uses seed + k)
   */
  constructor(
    private readonly _width: number,
    private readonly _trees: number,
    private readonly _refitEvery: number,
    private readonly _seed: number,
  ) {}

  /** True once a member has been fitted. */
  get ready(): boolean {
    return this._members.length > 0;
  }

  /** Forests fitted so far. */
  get fits(): number {
    return this._fits;
  }

  /** Isolation score in (0, 1) of `features`; NaN before the first fit. */
  score(features: ArrayLike<number>): number {
    const members = this._members;
    if (members.length === 0) return Number.NaN;
    let ratio = 0;
    for (let i = 0; i < members.length; i++) ratio += members[i]!.pathRatio(features);
    return Math.pow(2, -ratio / members.length);
  }

  /** Learns `features` (copied), fitting a new member when one is due. */
  learn(features: ArrayLike<number>): void {
    if (this._rows.length < RECENT_ROWS) this._rows.push(new Float64Array(this._width));
    this._rows[this._next]!.set(features);
    this._next = (this._next + 1) % RECENT_ROWS;
    this._learned++;
    this._sinceFit++;
    const n = this._learned;
    const young = n <= 256 && n >= FIRST_FIT_ROWS && (n & (n - 1)) === 0;
    if (young || (n > 256 && this._sinceFit >= this._refitEvery)) this._fit();
  }

  private _fit(): void {
    const model = fitIsolationForest(this._rows, {
      trees: Math.max(1, Math.ceil(this._trees / ENSEMBLE_MEMBERS)),
      seed: this._seed + this._fits,
    });
    this._fits++;
    this._sinceFit = 0;
    if (model === undefined) return;
    if (this._members.length >= ENSEMBLE_MEMBERS) this._members.shift();
    this._members.push(model);
  }
}
