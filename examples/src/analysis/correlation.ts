import { createPairLayout } from './model.js';
import type { Experiment, HeterodyneParameters, PairLayout } from './model.js';

/**
 * What the fast model precomputes from the experiment alone: the frame pairs, the frame
 * times, and each angle's projection `q * cos(phi - phi0)`. It does not depend on the
 * parameters, so one copy serves every evaluation of a fit (this is what the analysis
 * memoizes).
 */
export interface Geometry {
  /** The frame pairs of each angle. */
  readonly layout: PairLayout;
  /** Frame times, s: `times[k] = (k + 1) * frameSeconds`. */
  readonly times: Float64Array;
  /** Per angle, `q * cos(phi - phi0)`, 1/Å. */
  readonly projections: Float64Array;
  /** `q^2`, 1/Å². */
  readonly qSquared: number;
}

/** A cache key that identifies an experiment's geometry. */
export function geometryKey(e: Experiment): string {
  return [e.q, e.frameSeconds, e.frames, e.flowAngleDegrees, ...e.anglesDegrees].join('|');
}

/** Precomputes an experiment's geometry. */
export function createGeometry(e: Experiment): Geometry {
  const times = new Float64Array(e.frames);
  for (let k = 0; k < e.frames; k++) times[k] = (k + 1) * e.frameSeconds;
  const projections = new Float64Array(e.anglesDegrees.length);
  e.anglesDegrees.forEach((phi, a) => {
    projections[a] = e.q * Math.cos(((phi - e.flowAngleDegrees) * Math.PI) / 180);
  });
  return { layout: createPairLayout(e.frames), times, projections, qSquared: e.q * e.q };
}

/**
 * Evaluates g2 at every data point (layout of {@link PairLayout}) with the closed-form
 * integral of `D(t) = D0 * t^alpha`. O(frames) powers plus O(points) exponentials.
 *
 * @param out reused output buffer (allocated when absent or of the wrong size)
 */
export function computeG2(
  p: HeterodyneParameters,
  e: Experiment,
  g: Geometry,
  out?: Float64Array,
): Float64Array {
  const { layout, times, projections, qSquared } = g;
  const angles = projections.length;
  const result =
    out !== undefined && out.length === angles * layout.pairs
      ? out
      : new Float64Array(angles * layout.pairs);
  // primitive[k] = integral_0^{t_k} t^alpha dt, so integral_{ti}^{tj} = primitive[j] - primitive[i].
  const exponent = p.alpha + 1;
  const primitive = new Float64Array(times.length);
  for (let k = 0; k < times.length; k++) primitive[k] = (times[k] ?? 0) ** exponent / exponent;

  const f = p.fraction;
  const wRef = (1 - f) * (1 - f);
  const wSample = f * f;
  const wCross = 2 * f * (1 - f);
  for (let k = 0; k < layout.pairs; k++) {
    const i = layout.first[k] ?? 0;
    const j = layout.second[k] ?? 0;
    const integral = (primitive[j] ?? 0) - (primitive[i] ?? 0);
    const g1Ref = Math.exp(-qSquared * p.dRef * integral);
    const g1Sample = Math.exp(-qSquared * p.dSample * integral);
    const selfTerms = wRef * g1Ref * g1Ref + wSample * g1Sample * g1Sample;
    const cross = wCross * g1Ref * g1Sample;
    const lag = (times[j] ?? 0) - (times[i] ?? 0);
    for (let a = 0; a < angles; a++) {
      const phase = (projections[a] ?? 0) * p.velocity * lag;
      result[a * layout.pairs + k] = e.offset + e.contrast * (selfTerms + cross * Math.cos(phase));
    }
  }
  return result;
}
