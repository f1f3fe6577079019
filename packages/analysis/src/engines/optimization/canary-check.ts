/**
 * The before/after judgement of a change after its canary window: latency compared with a
 * Mann-Whitney U test on the per-interval mean operation durations, accuracy compared with
 * its reference (the stored accuracy baseline when there is one, else the window before the
 * change). Pure: measurements in, verdict out.
 */
import { median } from '../../stats/descriptive.js';
import { mannWhitneyU } from '../../stats/mann-whitney.js';
import { welchTTest } from '../../stats/t-tests.js';
import { round } from './builtin-templates.js';
import type { WorkloadSignals } from './signals.js';

/** What was measured in one window, kept with the remediation record. */
export interface WindowMeasurement {
  /** Per-interval mean operation duration, seconds. */
  latency: number[];
  /** Mean accuracy, or null when none was measured. */
  accuracy: number | null;
  /** Per-interval mean accuracy. */
  accuracyIntervals: number[];
}

/** The measurement of `signals`, for one operation or (without one) all of them. */
export function measureWindow(signals: WorkloadSignals, operation?: string): WindowMeasurement {
  const pick = <T>(map: Map<string, T>): T[] =>
    operation !== undefined && map.has(operation) ? [map.get(operation)!] : [...map.values()];
  const latency = pick(signals.operations).flatMap((o) => o.intervalMeans);
  const accuracy = pick(signals.accuracy);
  const count = accuracy.reduce((a, o) => a + o.count, 0);
  const sum = accuracy.reduce((a, o) => a + o.sum, 0);
  return {
    latency,
    accuracy: count > 0 ? sum / count : null,
    accuracyIntervals: accuracy.flatMap((o) => o.intervalMeans),
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
 * below the reference, or latency got significantly worse (an SLO degradation), or did not
 * get significantly better; kept when latency improved at `significance` with accuracy held.
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
