/**
 * Goodness-of-fit measures between measured and model values, each point weighted by its
 * noise standard deviation.
 */

function checkLengths(data: ArrayLike<number>, model: ArrayLike<number>, sigma: ArrayLike<number>) {
  if (data.length !== model.length || data.length !== sigma.length) {
    throw new RangeError(
      `length mismatch: data ${data.length}, model ${model.length}, sigma ${sigma.length}`,
    );
  }
}

/** chi^2 = sum_k ((data_k - model_k) / sigma_k)^2. */
export function chiSquared(
  data: ArrayLike<number>,
  model: ArrayLike<number>,
  sigma: ArrayLike<number>,
): number {
  checkLengths(data, model, sigma);
  let sum = 0;
  for (let k = 0; k < data.length; k++) {
    const r = ((data[k] ?? 0) - (model[k] ?? 0)) / (sigma[k] ?? 1);
    sum += r * r;
  }
  return sum;
}

/**
 * Reduced chi^2: chi^2 divided by the degrees of freedom (points minus fitted parameters).
 * About 1 for a correct model with correctly estimated noise.
 */
export function reducedChiSquared(
  data: ArrayLike<number>,
  model: ArrayLike<number>,
  sigma: ArrayLike<number>,
  parameters: number,
): number {
  const dof = data.length - parameters;
  if (dof <= 0) throw new RangeError(`${data.length} points cannot fit ${parameters} parameters`);
  return chiSquared(data, model, sigma) / dof;
}

/** Huber's tuning constant giving 95% efficiency on Gaussian noise. */
export const HUBER_K = 1.345;

/**
 * Huber's loss of one standardized residual r: r^2/2 for |r| <= k, k|r| - k^2/2 beyond.
 * Quadratic near zero like least squares, linear in the tails, so a single wild point pulls
 * on the fit with a bounded force instead of one growing with its distance.
 */
export function huber(r: number, k = HUBER_K): number {
  const a = Math.abs(r);
  return a <= k ? 0.5 * r * r : k * a - 0.5 * k * k;
}

/**
 * The robust objective: 2 * sum_k huber((data_k - model_k) / sigma_k). The factor 2 makes
 * it equal to chi^2 when every residual is within k standard deviations.
 */
export function huberObjective(
  data: ArrayLike<number>,
  model: ArrayLike<number>,
  sigma: ArrayLike<number>,
  k = HUBER_K,
): number {
  checkLengths(data, model, sigma);
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    sum += huber(((data[i] ?? 0) - (model[i] ?? 0)) / (sigma[i] ?? 1), k);
  }
  return 2 * sum;
}
