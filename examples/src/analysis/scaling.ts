/**
 * Per-angle contrast and offset by linear least squares: for a given bracket `m` (the model
 * without its scaling), each angle's `c2 ≈ offset + contrast * m` is linear in the two
 * unknowns, so they are solved exactly (weighted normal equations) instead of being searched
 * for by the optimizer, which then only sees the 14 physical parameters.
 */

/** Per-angle scaling and the weighted sum of squared standardized residuals it leaves. */
export interface ScaledFit {
  /** Contrast (beta) of each angle. */
  readonly contrasts: Float64Array;
  /** Offset (baseline) of each angle. */
  readonly offsets: Float64Array;
  /** `sum_k w_k ((c2_k - offset - contrast m_k) / sigma_k)^2`. */
  readonly chiSquared: number;
}

/**
 * Solves each angle's contrast and offset and returns the weighted chi².
 *
 * @param bracket model bracket per point (angle-major, `pairs` points per angle)
 * @param c2 measured values, same layout
 * @param sigma noise standard deviation per point
 * @param weights optional extra weight per point (the robust fit's), default 1
 */
export function solveScaling(
  bracket: ArrayLike<number>,
  c2: ArrayLike<number>,
  sigma: ArrayLike<number>,
  angles: number,
  weights?: ArrayLike<number>,
): ScaledFit {
  const n = c2.length;
  if (bracket.length !== n || sigma.length !== n || (weights && weights.length !== n)) {
    throw new RangeError(
      `length mismatch: bracket ${bracket.length}, c2 ${n}, sigma ${sigma.length}`,
    );
  }
  if (angles < 1 || n % angles !== 0) {
    throw new RangeError(`${n} points do not split into ${angles} angles`);
  }
  const pairs = n / angles;
  const contrasts = new Float64Array(angles);
  const offsets = new Float64Array(angles);
  let chiSquared = 0;
  for (let a = 0; a < angles; a++) {
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    const base = a * pairs;
    for (let k = base; k < base + pairs; k++) {
      const s = sigma[k] as number;
      const w = (weights ? (weights[k] as number) : 1) / (s * s);
      const x = bracket[k] as number;
      const y = c2[k] as number;
      sw += w;
      sx += w * x;
      sy += w * y;
      sxx += w * x * x;
      sxy += w * x * y;
    }
    const det = sw * sxx - sx * sx;
    // A flat bracket (no decorrelation across the pairs) leaves the contrast undetermined.
    const contrast = det > 1e-12 * sw * sxx ? (sw * sxy - sx * sy) / det : 0;
    const offset = sw > 0 ? (sy - contrast * sx) / sw : 0;
    contrasts[a] = contrast;
    offsets[a] = offset;
    for (let k = base; k < base + pairs; k++) {
      const r =
        ((c2[k] as number) - offset - contrast * (bracket[k] as number)) / (sigma[k] as number);
      chiSquared += (weights ? (weights[k] as number) : 1) * r * r;
    }
  }
  return { contrasts, offsets, chiSquared };
}

/** The model c2 at every point from a bracket and per-angle scaling. */
export function scaledModel(
  bracket: ArrayLike<number>,
  contrasts: ArrayLike<number>,
  offsets: ArrayLike<number>,
): Float64Array {
  const angles = contrasts.length;
  const pairs = bracket.length / angles;
  const out = new Float64Array(bracket.length);
  for (let k = 0; k < bracket.length; k++) {
    const a = Math.floor(k / pairs);
    out[k] = (offsets[a] as number) + (contrasts[a] as number) * (bracket[k] as number);
  }
  return out;
}
