/**
 * The before/after judgement of a change after its canary window: accuracy compared with its
 * reference (the stored accuracy baseline when there is one, else the window before the
 * change), the error share by a one-sided two-proportion z-test, latency by a Mann-Whitney U
 * test on the per-interval mean operation durations. Pure: measurements in, verdict out.
 */
import { median } from '../../stats/descriptive.js';
import { normalSf } from '../../stats/distributions.js';
import { mannWhitneyU } from '../../stats/mann-whitney.js';
import { welchTTest } from '../../stats/t-tests.js';
import { round } from './evidence-math.js';
import type { WorkloadSignals } from './signals.js';

/** What was measured in one window, kept with the remediation record. */
export interface WindowMeasurement {
  /** Per-interval mean operation duration, seconds. */
  latency: number[];
  /** Mean accuracy, or null when none was measured. */
  accuracy: number | null;
  /** Per-interval mean accuracy. */
  accuracyIntervals: number[];
  /** Calls measured. */
  calls: number;
  /** Of them, calls that ended with an error. */
  errors: number;
}

/** The measurement of `signals`, for one operation or (without one) all of them. */
export function measureWindow(signals: WorkloadSignals, operation?: string): WindowMeasurement {
  const pick = <T>(map: Map<string, T>): T[] =>
    operation !== undefined && map.has(operation) ? [map.get(operation)!] : [...map.values()];
  const latency = pick(signals.operations).flatMap((o) => o.intervalMeans);
  const accuracy = pick(signals.accuracy);
  const count = accuracy.reduce((a, o) => a + o.count, 0);
  const sum = accuracy.reduce((a, o) => a + o.sum, 0);
  const ops = pick(signals.operations);
  const errors =
    operation !== undefined && signals.errors.has(operation)
      ? signals.errors.get(operation)!
      : operation !== undefined && signals.operations.has(operation)
        ? 0
        : [...signals.errors.values()].reduce((a, b) => a + b, 0);
  return {
    latency,
    accuracy: count > 0 ? sum / count : null,
    accuracyIntervals: accuracy.flatMap((o) => o.intervalMeans),
    calls: ops.reduce((a, o) => a + o.count, 0),
    errors,
  };
}

/** The verdict on a change. */
export interface CanaryVerdict {
  /** Keep the change, or roll it back. */
  keep: boolean;
  /** `improved`, `accuracy-loss`, `slo-degraded`, `no-improvement`, `no-measurements`. */
  reason: string;
  /** The numbers it rests on. */
  numbers: Record<string, number | string | null>;
}

/** Least intervals on each side for a latency test. */
export const MIN_INTERVALS = 3;

/**
 * Judges a change: rolled back when accuracy fell by more than `accuracyLossThreshold`
 * below the reference, or the error share or latency got significantly worse (an SLO
 * degradation), or latency did not get significantly better; kept when latency improved at
 * `significance` with accuracy and errors held.
 */
export function judgeCanary(
  before: WindowMeasurement,
  after: WindowMeasurement,
  options: { accuracyLossThreshold: number; significance: number; accuracyReference?: number },
): CanaryVerdict {
  const reference = options.accuracyReference ?? before.accuracy;
  const numbers: CanaryVerdict['numbers'] = {
    latencyIntervalsBefore: before.latency.length,
    latencyIntervalsAfter: after.latency.length,
    accuracyReference: reference === null ? null : round(reference),
    accuracyReferenceSource: options.accuracyReference === undefined ? 'before-window' : 'baseline',
    accuracyBefore: before.accuracy === null ? null : round(before.accuracy),
    accuracyAfter: after.accuracy === null ? null : round(after.accuracy),
    accuracyLossThreshold: options.accuracyLossThreshold,
    significance: options.significance,
  };
  if (reference !== null) {
    if (after.accuracy === null) {
      return {
        keep: false,
        reason: 'no-measurements',
        numbers: { ...numbers, missing: 'accuracy' },
      };
    }
    const loss = reference - after.accuracy;
    numbers.accuracyLoss = round(loss);
    if (before.accuracyIntervals.length >= 2 && after.accuracyIntervals.length >= 2) {
      numbers.accuracyPValue = round(
        welchTTest(after.accuracyIntervals, before.accuracyIntervals).pValue,
      );
    }
    if (loss > options.accuracyLossThreshold)
      return { keep: false, reason: 'accuracy-loss', numbers };
  }
  // The error-rate SLI: a two-proportion z-test of the error share after against before.
  if (before.calls > 0 && after.calls > 0 && before.errors + after.errors > 0) {
    const p1 = before.errors / before.calls;
    const p2 = after.errors / after.calls;
    const pooled = (before.errors + after.errors) / (before.calls + after.calls);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / before.calls + 1 / after.calls));
    const z = se > 0 ? (p2 - p1) / se : 0;
    numbers.errorRateBefore = round(p1);
    numbers.errorRateAfter = round(p2);
    numbers.errorRatePValue = round(normalSf(z));
    if (p2 > p1 && normalSf(z) < options.significance) {
      return { keep: false, reason: 'slo-degraded', numbers };
    }
  }
  if (before.latency.length < MIN_INTERVALS || after.latency.length < MIN_INTERVALS) {
    return { keep: false, reason: 'no-measurements', numbers: { ...numbers, missing: 'latency' } };
  }
  const test = mannWhitneyU(after.latency, before.latency);
  const medianBefore = median(before.latency);
  const medianAfter = median(after.latency);
  numbers.latencyMedianBeforeSeconds = round(medianBefore);
  numbers.latencyMedianAfterSeconds = round(medianAfter);
  numbers.latencyChange = round((medianAfter - medianBefore) / medianBefore);
  numbers.latencyPValue = round(test.pValue);
  const significant = test.pValue < options.significance;
  if (significant && medianAfter > medianBefore)
    return { keep: false, reason: 'slo-degraded', numbers };
  if (!significant || !(medianAfter < medianBefore)) {
    return { keep: false, reason: 'no-improvement', numbers };
  }
  return { keep: true, reason: 'improved', numbers };
}
