/**
 * The 14 physical parameters of the two-component heterodyne model, their order in the
 * optimizer's vectors, their units and their physical bounds.
 *
 * Each component's transport coefficient and the relative flow velocity are power laws in
 * time plus a constant, and the sample's share of the scattering relaxes exponentially:
 *
 *   J_r(t) = J0_r t^alpha_r + offset_r        (reference component, Å²/s)
 *   J_s(t) = J0_s t^alpha_s + offset_s        (sample component, Å²/s)
 *   v(t)   = v0 t^beta + offset_v             (sample relative to reference, Å/s)
 *   f(t)   = f0 exp(f1 (t - f2)) + f3         (sample fraction, clipped to [0, 1])
 *   phi0                                      (flow direction, degrees)
 */

/** The parameters a fit estimates. */
export interface HeterodyneParameters {
  /** Reference transport prefactor `J0_r`, Å²·s^(-1-alpha_r). */
  readonly j0Ref: number;
  /** Reference transport exponent `alpha_r` (0: Brownian motion). */
  readonly alphaRef: number;
  /** Reference transport offset, Å²/s. */
  readonly offsetRef: number;
  /** Sample transport prefactor `J0_s`, Å²·s^(-1-alpha_s). */
  readonly j0Sample: number;
  /** Sample transport exponent `alpha_s`. */
  readonly alphaSample: number;
  /** Sample transport offset, Å²/s. */
  readonly offsetSample: number;
  /** Velocity prefactor `v0`, Å·s^(-1-beta). */
  readonly v0: number;
  /** Velocity exponent `beta`. */
  readonly beta: number;
  /** Velocity offset, Å/s. */
  readonly offsetV: number;
  /** Fraction amplitude `f0`. */
  readonly f0: number;
  /** Fraction rate `f1`, 1/s. */
  readonly f1: number;
  /** Fraction time shift `f2`, s. */
  readonly f2: number;
  /** Fraction floor `f3`. */
  readonly f3: number;
  /** Flow direction `phi0`, degrees. */
  readonly phi0: number;
}

/** Parameter names in vector order. */
export const PARAMETER_NAMES = [
  'j0Ref',
  'alphaRef',
  'offsetRef',
  'j0Sample',
  'alphaSample',
  'offsetSample',
  'v0',
  'beta',
  'offsetV',
  'f0',
  'f1',
  'f2',
  'f3',
  'phi0',
] as const;

/** One parameter's name. */
export type ParameterName = (typeof PARAMETER_NAMES)[number];

/** Units of each parameter, for printing. */
export const PARAMETER_UNITS: Readonly<Record<ParameterName, string>> = {
  j0Ref: 'Å²/s^(1+α)',
  alphaRef: '',
  offsetRef: 'Å²/s',
  j0Sample: 'Å²/s^(1+α)',
  alphaSample: '',
  offsetSample: 'Å²/s',
  v0: 'Å/s^(1+β)',
  beta: '',
  offsetV: 'Å/s',
  f0: '',
  f1: '1/s',
  f2: 's',
  f3: '',
  phi0: '°',
};

/** Converts parameters to the optimizer's vector form. */
export function toVector(p: HeterodyneParameters): number[] {
  return PARAMETER_NAMES.map((name) => p[name]);
}

/** Converts a 14-entry vector back to parameters; throws on a wrong length. */
export function fromVector(x: readonly number[]): HeterodyneParameters {
  if (x.length !== PARAMETER_NAMES.length) {
    throw new RangeError(
      `parameter vector has ${x.length} entries, need ${PARAMETER_NAMES.length}`,
    );
  }
  const entries = PARAMETER_NAMES.map((name, i) => [name, x[i] as number]);
  return Object.fromEntries(entries) as unknown as HeterodyneParameters;
}

/** Box constraints on the parameters. */
export interface ParameterBounds {
  /** Lower bounds. */
  readonly lower: HeterodyneParameters;
  /** Upper bounds. */
  readonly upper: HeterodyneParameters;
}

/**
 * Physical bounds: exponents in (-1, 1) so the integrals of t^alpha converge at 0, transport
 * and velocity offsets non-negative, the sample fraction's amplitude and floor in [0, 1] and
 * the flow direction within one half-turn (the model is even in the projected velocity).
 */
export const DEFAULT_BOUNDS: ParameterBounds = {
  lower: {
    j0Ref: 0,
    alphaRef: -0.9,
    offsetRef: 0,
    j0Sample: 0,
    alphaSample: -0.9,
    offsetSample: 0,
    v0: 0,
    beta: -0.9,
    offsetV: 0,
    f0: 0,
    f1: -1,
    f2: 0,
    f3: 0,
    phi0: -90,
  },
  upper: {
    j0Ref: 1e6,
    alphaRef: 0.9,
    offsetRef: 1e5,
    j0Sample: 1e6,
    alphaSample: 0.9,
    offsetSample: 1e5,
    v0: 1e5,
    beta: 0.9,
    offsetV: 1e4,
    f0: 1,
    f1: 1,
    f2: 1e3,
    f3: 1,
    phi0: 90,
  },
};
