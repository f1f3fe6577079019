/**
 * The fixed experimental set-up (what the detector and the beamline define) and the layout
 * of the data points of one two-time correlation measurement.
 */

/** An XPCS experiment. Frame k (1-based) is taken at `k * frameSeconds`. */
export interface Experiment {
  /** Scattering vector magnitude, 1/Å. */
  readonly q: number;
  /** Time between frames, s. */
  readonly frameSeconds: number;
  /** Number of frames. */
  readonly frames: number;
  /** Azimuthal angles of the analysed detector sectors, degrees. */
  readonly anglesDegrees: readonly number[];
}

/**
 * The data points of one experiment: for every angle, every frame pair `i < j` (the two-time
 * matrix is symmetric and its diagonal carries no dynamics). Point `a * pairs + k` belongs
 * to angle `a` and pair `k`.
 */
export interface PairLayout {
  /** Frame pairs per angle. */
  readonly pairs: number;
  /** First frame index (0-based) of each pair. */
  readonly first: Uint16Array;
  /** Second frame index (0-based) of each pair, `> first`. */
  readonly second: Uint16Array;
}

/** Lists the frame pairs `i < j` of `frames` frames, row by row. */
export function createPairLayout(frames: number): PairLayout {
  const pairs = (frames * (frames - 1)) / 2;
  const first = new Uint16Array(pairs);
  const second = new Uint16Array(pairs);
  let k = 0;
  for (let i = 0; i < frames; i++) {
    for (let j = i + 1; j < frames; j++) {
      first[k] = i;
      second[k] = j;
      k++;
    }
  }
  return { pairs, first, second };
}

/** Number of data points (angles x frame pairs) an experiment produces. */
export function pointCount(e: Experiment): number {
  return (e.anglesDegrees.length * (e.frames * (e.frames - 1))) / 2;
}

/** Frame times, s: `k * frameSeconds` for k = 1..frames. */
export function frameTimes(e: Experiment): Float64Array {
  const times = new Float64Array(e.frames);
  for (let k = 0; k < e.frames; k++) times[k] = (k + 1) * e.frameSeconds;
  return times;
}
