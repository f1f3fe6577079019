/**
 * The two-component heterodyne correlation model of X-ray photon correlation spectroscopy.
 *
 * Light scattered by a reference component (r) and a sample component (s) interferes on the
 * detector. For scattering vector magnitude `q` at azimuthal angle `phi`, the two-time
 * intensity correlation between frames at `t1 <= t2` is
 *
 *   g2(phi, t1, t2) = offset + contrast * [ (1-f)^2 g1r^2 + f^2 g1s^2
 *                                           + 2 f (1-f) g1r g1s cos(Phi) ]
 *
 * with the sample fraction `f`, each component's field correlation from its (possibly
 * time-dependent) diffusion coefficient `D_i(t) = D0_i * t^alpha`,
 *
 *   g1i(t1, t2) = exp(-q^2 * integral_{t1}^{t2} D_i(t) dt)
 *              = exp(-q^2 * D0_i * (t2^(alpha+1) - t1^(alpha+1)) / (alpha+1)),
 *
 * and the heterodyne phase from the sample's flow velocity `v` relative to the reference,
 * projected on the scattering vector,
 *
 *   Phi = q * cos(phi - phi0) * v * (t2 - t1).
 *
 * At t1 = t2 every g1 is 1 and g2 = offset + contrast, as it must. The cross term is what
 * makes the measurement heterodyne: it carries the velocity, which a homodyne (one
 * component) measurement cannot see. The model is even in `v`, and symmetric under swapping
 * the two components with `f <-> 1-f`; fits keep `v >= 0` and `f <= 0.5` to stay identifiable.
 *
 * Units: `q` in 1/Å, times in s, `D0` in Å²·s^(-1-alpha), `v` in Å/s, angles in degrees.
 */

/** The physical parameters a fit estimates. */
export interface HeterodyneParameters {
  /** Reference component diffusion prefactor `D0_r`, Å²·s^(-1-alpha). */
  readonly dRef: number;
  /** Sample component diffusion prefactor `D0_s`, Å²·s^(-1-alpha). */
  readonly dSample: number;
  /** Anomalous exponent of `D(t) = D0 * t^alpha` (0 is plain Brownian motion). */
  readonly alpha: number;
  /** Flow velocity of the sample relative to the reference, Å/s. */
  readonly velocity: number;
  /** Fraction of the scattering from the sample component, in (0, 0.5]. */
  readonly fraction: number;
}

/** Parameter names, in the order of the vectors the optimizers work on. */
export const PARAMETER_NAMES = ['dRef', 'dSample', 'alpha', 'velocity', 'fraction'] as const;

/** Converts parameters to the optimizer's vector form. */
export function toVector(p: HeterodyneParameters): number[] {
  return PARAMETER_NAMES.map((name) => p[name]);
}

/** Converts an optimizer vector back to parameters. */
export function fromVector(x: readonly number[]): HeterodyneParameters {
  const at = (i: number): number => {
    const v = x[i];
    if (v === undefined) throw new RangeError(`parameter vector has ${x.length} entries, need 5`);
    return v;
  };
  return { dRef: at(0), dSample: at(1), alpha: at(2), velocity: at(3), fraction: at(4) };
}

/** The fixed experimental set-up: what the detector and beamline define. */
export interface Experiment {
  /** Scattering vector magnitude, 1/Å. */
  readonly q: number;
  /** Time between frames, s. Frame k (1-based) is taken at `k * frameSeconds`. */
  readonly frameSeconds: number;
  /** Number of frames. */
  readonly frames: number;
  /** Azimuthal angles of the analysed detector sectors, degrees. */
  readonly anglesDegrees: readonly number[];
  /** Flow direction, degrees. */
  readonly flowAngleDegrees: number;
  /** Speckle contrast (beta), known from the beamline coherence. */
  readonly contrast: number;
  /** Baseline of g2 at long times (1 for ideal data). */
  readonly offset: number;
}

/**
 * The data points of one analysis: for every angle, every frame pair `i <= j` (the two-time
 * matrix is symmetric, so the lower triangle adds nothing). Point `a * pairs + k` belongs to
 * angle `a` and pair `k`.
 */
export interface PairLayout {
  /** Number of frame pairs per angle. */
  readonly pairs: number;
  /** First frame index (0-based) of each pair. */
  readonly first: Uint16Array;
  /** Second frame index (0-based) of each pair, `>= first`. */
  readonly second: Uint16Array;
}

/** Lists the frame pairs `i <= j` of `frames` frames, row by row. */
export function createPairLayout(frames: number): PairLayout {
  const pairs = (frames * (frames + 1)) / 2;
  const first = new Uint16Array(pairs);
  const second = new Uint16Array(pairs);
  let k = 0;
  for (let i = 0; i < frames; i++) {
    for (let j = i; j < frames; j++) {
      first[k] = i;
      second[k] = j;
      k++;
    }
  }
  return { pairs, first, second };
}

/** Number of data points (angles x frame pairs) an experiment produces. */
export function pointCount(experiment: Experiment): number {
  return (experiment.anglesDegrees.length * (experiment.frames * (experiment.frames + 1))) / 2;
}
