import type { Experiment, HeterodyneParameters } from './model.js';

/** Subintervals of the composite Simpson rule (even). */
const SIMPSON_INTERVALS = 256;

/** integral_{a}^{b} h(t) dt by the composite Simpson rule. */
export function simpson(h: (t: number) => number, a: number, b: number, n = SIMPSON_INTERVALS) {
  if (b === a) return 0;
  const step = (b - a) / n;
  let sum = h(a) + h(b);
  for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * h(a + k * step);
  return (sum * step) / 3;
}

/**
 * A deliberately plain implementation of the same model, used to verify the fast one: every
 * point on its own, the diffusion integral by numerical quadrature instead of its closed
 * form, the field correlations written out for each component. Slow (hundreds of function
 * evaluations per point) and independent of {@link computeG2}'s precomputation.
 */
export function referenceG2(p: HeterodyneParameters, e: Experiment): Float64Array {
  const frames = e.frames;
  const pairs = (frames * (frames + 1)) / 2;
  const out = new Float64Array(e.anglesDegrees.length * pairs);
  const diffusion = (d0: number) => (t: number) => d0 * Math.pow(t, p.alpha);
  e.anglesDegrees.forEach((phi, a) => {
    const radians = ((phi - e.flowAngleDegrees) / 180) * Math.PI;
    let k = 0;
    for (let i = 1; i <= frames; i++) {
      for (let j = i; j <= frames; j++) {
        const t1 = i * e.frameSeconds;
        const t2 = j * e.frameSeconds;
        const g1 = (d0: number) => Math.exp(-(e.q ** 2) * simpson(diffusion(d0), t1, t2));
        const field = [
          { amplitude: 1 - p.fraction, g1: g1(p.dRef), phase: 0 },
          {
            amplitude: p.fraction,
            g1: g1(p.dSample),
            phase: e.q * Math.cos(radians) * p.velocity * (t2 - t1),
          },
        ];
        // |sum_c a_c g1_c exp(i phase_c)|^2, expanded by components.
        let re = 0;
        let im = 0;
        for (const c of field) {
          re += c.amplitude * c.g1 * Math.cos(c.phase);
          im += c.amplitude * c.g1 * Math.sin(c.phase);
        }
        out[a * pairs + k] = e.offset + e.contrast * (re * re + im * im);
        k++;
      }
    }
  });
  return out;
}
