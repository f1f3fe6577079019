/**
 * The optimized model evaluation. Its warm-up step builds, once per experiment, what does
 * not depend on the parameters: the frame-pair index tables, the frame times, and a table of
 * cos over one period with linear interpolation. Each evaluation then costs O(frames) powers
 * and exponentials for the integrals and the fractions, two exponentials per frame pair, and
 * one table lookup per data point; its output is single precision (Float32Array), half the
 * memory of the float64 reference path ({@link referenceBracket}) that verifies it.
 */
import { createPairLayout, frameTimes } from './experiment.js';
import type { Experiment, PairLayout } from './experiment.js';
import type { HeterodyneParameters } from './parameters.js';
import { powerLawPrimitive, sampleFraction } from './transport.js';

/** Entries of the phase table by default: interpolation error below 3e-7. */
export const DEFAULT_PHASE_TABLE_SIZE = 4096;

/** Options of {@link createCorrelationKernel}. */
export interface KernelOptions {
  /**
   * Entries of the cos table over one period. Linear interpolation errs by at most about
   * `(2 pi / size)^2 / 8`. @default 4096
   */
  readonly phaseTableSize?: number;
}

/** A warmed-up model of one experiment. */
export interface CorrelationKernel {
  /** The experiment the tables were built for. */
  readonly experiment: Experiment;
  /** The frame pairs. */
  readonly layout: PairLayout;
  /** Data points per evaluation (angles x pairs). */
  readonly points: number;
  /** Entries of the phase table. */
  readonly phaseTableSize: number;
  /** How long the warm-up took, s. */
  readonly warmUpSeconds: number;
  /**
   * The normalized heterodyne bracket at every data point: `(c2 - offset) / contrast`, in
   * [0, 1]; see {@link referenceBracket} for the formula.
   *
   * @param out reused output buffer (allocated when absent or of the wrong size)
   */
  evaluate(p: HeterodyneParameters, out?: Float32Array): Float32Array;
}

const TWO_PI = 2 * Math.PI;

/** Builds the tables of an experiment (the warm-up) and returns the kernel. */
export function createCorrelationKernel(
  experiment: Experiment,
  options: KernelOptions = {},
): CorrelationKernel {
  const started = performance.now();
  const size = options.phaseTableSize ?? DEFAULT_PHASE_TABLE_SIZE;
  if (!Number.isInteger(size) || size < 4) {
    throw new RangeError(`phaseTableSize: must be an integer >= 4, got ${size}`);
  }
  const layout = createPairLayout(experiment.frames);
  const times = frameTimes(experiment);
  // One extra entry so that interpolation never wraps.
  const cosTable = new Float64Array(size + 1);
  for (let k = 0; k <= size; k++) cosTable[k] = Math.cos((TWO_PI * k) / size);
  const angles = experiment.anglesDegrees.length;
  const points = angles * layout.pairs;
  const qSquared = experiment.q * experiment.q;
  const frames = times.length;
  const primRef = new Float64Array(frames);
  const primSample = new Float64Array(frames);
  const primV = new Float64Array(frames);
  const xs = new Float64Array(frames);
  const norm = new Float64Array(frames);
  const projection = new Float64Array(angles);
  const perPeriod = size / TWO_PI;

  const cosine = (phase: number): number => {
    let u = (phase < 0 ? -phase : phase) * perPeriod;
    u -= size * Math.floor(u / size);
    const i = Math.floor(u);
    const lo = cosTable[i] as number;
    return lo + (u - i) * ((cosTable[i + 1] as number) - lo);
  };

  const evaluate = (p: HeterodyneParameters, out?: Float32Array): Float32Array => {
    const result = out !== undefined && out.length === points ? out : new Float32Array(points);
    for (let k = 0; k < frames; k++) {
      const t = times[k] as number;
      primRef[k] = powerLawPrimitive(p.j0Ref, p.alphaRef, p.offsetRef, t);
      primSample[k] = powerLawPrimitive(p.j0Sample, p.alphaSample, p.offsetSample, t);
      primV[k] = powerLawPrimitive(p.v0, p.beta, p.offsetV, t);
      const f = sampleFraction(p, t);
      xs[k] = f;
      norm[k] = f * f + (1 - f) * (1 - f);
    }
    experiment.anglesDegrees.forEach((phi, a) => {
      projection[a] = experiment.q * Math.cos(((p.phi0 - phi) * Math.PI) / 180);
    });
    const { first, second, pairs } = layout;
    for (let k = 0; k < pairs; k++) {
      const i = first[k] as number;
      const j = second[k] as number;
      const fi = xs[i] as number;
      const fj = xs[j] as number;
      const ref =
        (1 - fi) *
        (1 - fj) *
        Math.exp(-0.5 * qSquared * ((primRef[j] as number) - (primRef[i] as number)));
      const sample =
        fi *
        fj *
        Math.exp(-0.5 * qSquared * ((primSample[j] as number) - (primSample[i] as number)));
      const scale = 1 / ((norm[i] as number) * (norm[j] as number));
      const self = (ref * ref + sample * sample) * scale;
      const cross = 2 * ref * sample * scale;
      const flow = (primV[j] as number) - (primV[i] as number);
      for (let a = 0; a < angles; a++) {
        result[a * pairs + k] = self + cross * cosine((projection[a] as number) * flow);
      }
    }
    return result;
  };

  return {
    experiment,
    layout,
    points,
    phaseTableSize: size,
    warmUpSeconds: (performance.now() - started) / 1000,
    evaluate,
  };
}
