/**
 * Two-sample t-tests (two-sided): Student's pooled-variance test and Welch's unequal-variance
 * test, from raw samples or from summary statistics.
 */
import { mean, variance } from './descriptive.js';
import { studentTTwoSidedP } from './distributions.js';

/** Outcome of a two-sample t-test. */
export interface TTestResult {
  /** The t statistic (mean1 - mean2 over its standard error); ±Infinity when the error is 0. */
  t: number;
  /** Degrees of freedom (fractional for Welch's test). */
  df: number;
  /** Two-sided p-value; 1 when there is too little data to test, NaN when undefined. */
  pValue: number;
}

/** Summary of one sample: size, mean and standard deviation. */
export interface SampleSummary {
  n: number;
  mean: number;
  /** Standard deviation used as the sample's spread (as given; no correction applied). */
  std: number;
}

function tResult(diff: number, se: number, df: number): TTestResult {
  if (!(df > 0)) return { t: 0, df: Math.max(df, 0), pValue: 1 };
  if (se === 0) {
    // No spread at all: equal means are no evidence of a difference, unequal ones are certain.
    if (diff === 0) return { t: 0, df, pValue: 1 };
    return { t: diff > 0 ? Infinity : -Infinity, df, pValue: 0 };
  }
  const t = diff / se;
  return { t, df, pValue: studentTTwoSidedP(t, df) };
}

/**
 * Student's two-sample t-test with pooled variance from summary statistics (the `std`
 * values are taken as they are, like scipy's `ttest_ind_from_stats`).
 */
export function studentTTestFromStats(a: SampleSummary, b: SampleSummary): TTestResult {
  const df = a.n + b.n - 2;
  if (!(df > 0)) return { t: 0, df: 0, pValue: 1 };
  const pooled = ((a.n - 1) * a.std * a.std + (b.n - 1) * b.std * b.std) / df;
  const se = Math.sqrt(pooled * (1 / a.n + 1 / b.n));
  return tResult(a.mean - b.mean, se, df);
}

/** Welch's unequal-variance t-test from summary statistics (`std` with ddof 1). */
export function welchTTestFromStats(a: SampleSummary, b: SampleSummary): TTestResult {
  if (a.n < 2 || b.n < 2) return { t: 0, df: 0, pValue: 1 };
  const va = (a.std * a.std) / a.n;
  const vb = (b.std * b.std) / b.n;
  const se = Math.sqrt(va + vb);
  // Welch–Satterthwaite degrees of freedom.
  const df =
    va + vb === 0
      ? a.n + b.n - 2
      : (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return tResult(a.mean - b.mean, se, df);
}

function summary(values: readonly number[]): SampleSummary {
  return {
    n: values.length,
    mean: mean(values),
    std: values.length >= 2 ? Math.sqrt(variance(values, 1)) : 0,
  };
}

/**
 * Both samples divided by a common power of two when their magnitude would overflow the
 * squares (t and p do not change with the scale).
 */
function scaled(
  a: readonly number[],
  b: readonly number[],
): [readonly number[], readonly number[]] {
  let max = 0;
  for (const v of a) max = Math.max(max, Math.abs(v));
  for (const v of b) max = Math.max(max, Math.abs(v));
  if (!(max > 1e150) || !Number.isFinite(max)) return [a, b];
  const k = 2 ** -Math.ceil(Math.log2(max));
  return [a.map((v) => v * k), b.map((v) => v * k)];
}

/** Welch's t-test on two samples (finite values expected). */
export function welchTTest(a: readonly number[], b: readonly number[]): TTestResult {
  const [x, y] = scaled(a, b);
  return welchTTestFromStats(summary(x), summary(y));
}

/** Student's pooled-variance t-test on two samples (finite values expected). */
export function studentTTest(a: readonly number[], b: readonly number[]): TTestResult {
  const [x, y] = scaled(a, b);
  return studentTTestFromStats(summary(x), summary(y));
}
