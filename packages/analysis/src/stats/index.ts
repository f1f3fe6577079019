/**
 * Statistics helpers shared by the analysis engines: distributions, descriptive statistics
 * and two-sample tests.
 */
export { logGamma, regularizedIncompleteBeta, regularizedUpperGamma } from './special-functions.js';
export {
  erfc,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
} from './distributions.js';
export {
  finiteValues,
  mean,
  median,
  medianAbsoluteDeviation,
  percentile,
  percentileSorted,
  sortedCopy,
  standardDeviation,
  variance,
} from './descriptive.js';
export { MAD_TO_SIGMA } from './robust-statistics.js';
export { studentTTest, studentTTestFromStats, welchTTest, welchTTestFromStats } from './t-tests.js';
export type { SampleSummary, TTestResult } from './t-tests.js';
export { mannWhitneyU } from './mann-whitney.js';
export type { MannWhitneyResult } from './mann-whitney.js';
