/**
 * The time-dependent quantities of the model and their integrals, in closed form:
 * transport coefficients and velocity are power laws plus a constant, the sample fraction
 * an exponential plus a floor.
 */
import type { HeterodyneParameters } from './parameters.js';

/** `prefactor * t^exponent + offset`. */
export function powerLaw(prefactor: number, exponent: number, offset: number, t: number): number {
  return prefactor * t ** exponent + offset;
}

/**
 * The primitive of {@link powerLaw} that vanishes at 0:
 * `prefactor * t^(exponent+1) / (exponent+1) + offset * t` (exponent > -1).
 */
export function powerLawPrimitive(
  prefactor: number,
  exponent: number,
  offset: number,
  t: number,
): number {
  const e1 = exponent + 1;
  return (prefactor * t ** e1) / e1 + offset * t;
}

/** Reference transport coefficient `J_r(t)`, Å²/s. */
export function transportRef(p: HeterodyneParameters, t: number): number {
  return powerLaw(p.j0Ref, p.alphaRef, p.offsetRef, t);
}

/** Sample transport coefficient `J_s(t)`, Å²/s. */
export function transportSample(p: HeterodyneParameters, t: number): number {
  return powerLaw(p.j0Sample, p.alphaSample, p.offsetSample, t);
}

/** Relative flow velocity `v(t)`, Å/s. */
export function velocity(p: HeterodyneParameters, t: number): number {
  return powerLaw(p.v0, p.beta, p.offsetV, t);
}

/**
 * Sample fraction `f(t) = f0 exp(f1 (t - f2)) + f3`, clipped to [0, 1] (a fraction outside
 * it has no meaning, and the clip keeps the optimizer's trial points physical).
 */
export function sampleFraction(p: HeterodyneParameters, t: number): number {
  const f = p.f0 * Math.exp(p.f1 * (t - p.f2)) + p.f3;
  return f < 0 ? 0 : f > 1 ? 1 : f;
}
