/**
 * A deliberately plain float64 implementation of the model, the shadow reference of the
 * optimized kernel: every point on its own, every integral by numerical quadrature instead of
 * its closed form, the correlation written as the squared modulus of a two-component field.
 */
import type { Experiment } from './experiment.js';
import type { HeterodyneParameters } from './parameters.js';
import { sampleFraction, transportRef, transportSample, velocity } from './transport.js';

/** Subintervals of the composite Simpson rule (even). */
const SIMPSON_INTERVALS = 64;

/** integral_a^b h(t) dt by the composite Simpson rule. */
export function simpson(h: (t: number) => number, a: number, b: number, n = SIMPSON_INTERVALS) {
  if (b === a) return 0;
  const step = (b - a) / n;
  let sum = h(a) + h(b);
  for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * h(a + k * step);
  return (sum * step) / 3;
}

/**
 * The normalized heterodyne bracket `(c2 - offset) / contrast` at every data point (layout of
 * `PairLayout`): with `x_s = f`, `x_r = 1 - f`, the field amplitudes
 * `A_r = x_r(t1) x_r(t2) exp(-q²/2 ∫J_r dt)` and `A_s = x_s(t1) x_s(t2) exp(-q²/2 ∫J_s dt)`,
 * the flow phase `Phi = q cos(phi0 - phi) ∫v dt` (all integrals from t1 to t2), it is
 * `|A_r + A_s e^(i Phi)|² / ([x_r(t1)² + x_s(t1)²] [x_r(t2)² + x_s(t2)²])`.
 */
export function referenceBracket(p: HeterodyneParameters, e: Experiment): Float64Array {
  const frames = e.frames;
  const pairs = (frames * (frames - 1)) / 2;
  const out = new Float64Array(e.anglesDegrees.length * pairs);
  const q2 = e.q * e.q;
  e.anglesDegrees.forEach((phi, a) => {
    const along = e.q * Math.cos(((p.phi0 - phi) / 180) * Math.PI);
    let k = 0;
    for (let i = 1; i <= frames; i++) {
      for (let j = i + 1; j <= frames; j++) {
        const t1 = i * e.frameSeconds;
        const t2 = j * e.frameSeconds;
        const f1 = sampleFraction(p, t1);
        const f2 = sampleFraction(p, t2);
        const ampRef =
          (1 - f1) * (1 - f2) * Math.exp(-0.5 * q2 * simpson((t) => transportRef(p, t), t1, t2));
        const ampSample =
          f1 * f2 * Math.exp(-0.5 * q2 * simpson((t) => transportSample(p, t), t1, t2));
        const phase = along * simpson((t) => velocity(p, t), t1, t2);
        const re = ampRef + ampSample * Math.cos(phase);
        const im = ampSample * Math.sin(phase);
        const norm = (f1 * f1 + (1 - f1) ** 2) * (f2 * f2 + (1 - f2) ** 2);
        out[a * pairs + k] = (re * re + im * im) / norm;
        k++;
      }
    }
  });
  return out;
}
