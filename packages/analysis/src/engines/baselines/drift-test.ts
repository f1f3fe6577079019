/**
 * Drift of recent values against a baseline: a significance test (Mann-Whitney U when the
 * baseline's own sample is at hand, else Welch's t from the baseline's stored mean, standard
 * deviation and count) combined with an effect-size threshold on the relative change of the
 * location. Drift needs both: p < alpha and |relative change| >= the metric's threshold.
 */
import {
  mannWhitneyU,
  mean,
  median,
  standardDeviation,
  welchTTestFromStats,
} from '../../stats/index.js';
import type { BaselineRecord } from '../../store/baseline-records.js';
import type { MetricProfile } from './metric-profile.js';

/** What drift is measured against. */
export interface DriftReference {
  /** The baseline's location (P50/median/mean, by its method). */
  location: number;
  /** The baseline's mean, sample standard deviation and sample count (for Welch's t). */
  mean: number;
  std: number;
  sampleCount: number;
  /** The values the baseline was computed from, when still in memory (for Mann-Whitney). */
  sample?: readonly number[];
  /** Whether the location is a median (then the current median is compared) or a mean. */
  locationKind: 'median' | 'mean';
}

/** Outcome of {@link assessDrift}. */
export interface DriftAssessment {
  /** Whether the values drifted: significant and at least the effect-size threshold. */
  drift: boolean;
  /** The test used. */
  test: 'mann-whitney' | 'welch-t';
  /** Two-sided p-value of the test. */
  pValue: number;
  /** Signed relative change of the location, (current − baseline) / |baseline|. */
  relativeChange: number;
  /** The metric's threshold on |relativeChange|. */
  effectSizeThreshold: number;
  /** Location of the recent values. */
  currentLocation: number;
  /** Location of the baseline. */
  baselineLocation: number;
  /** 'degraded', 'improved' or 'unchanged', by the metric's polarity. */
  direction: 'degraded' | 'improved' | 'unchanged';
  /**
   * How sure the verdict is, in [0, 1]: (1 − p) · min(1, |relativeChange| / threshold) for
   * drift, and for no drift 1 minus that value.
   */
  confidence: number;
  /** What to do about it, for people. */
  suggestedAction: string;
}

/** Significance level below which a difference counts. */
export const DEFAULT_DRIFT_ALPHA = 0.01;

/** Fewest recent values a drift verdict is given on. */
export const DEFAULT_MIN_RECENT_SAMPLES = 10;

/**
 * The reference a stored baseline gives the drift test: its location (`details.location`,
 * else the median), mean, standard deviation and count, a median for the percentile and
 * robust methods and a mean for the mean method, and the baseline's own values when known.
 */
export function driftReferenceOf(
  baseline: BaselineRecord,
  sample?: readonly number[],
): DriftReference {
  const location =
    typeof baseline.details.location === 'number' ? baseline.details.location : baseline.median;
  return {
    location,
    mean: baseline.mean,
    std: baseline.std,
    sampleCount: baseline.sampleCount,
    locationKind: baseline.method === 'mean' ? 'mean' : 'median',
    ...(sample ? { sample } : {}),
  };
}

function relativeChange(current: number, base: number): number {
  if (base === 0) return current === 0 ? 0 : current > 0 ? Infinity : -Infinity;
  return (current - base) / Math.abs(base);
}

/**
 * A relative change for people: `+12.5%`, `-3.0%`, or `up from zero` / `down from zero` when
 * the baseline is 0 (no relative change is defined).
 */
export function formatRelativeChange(change: number): string {
  if (change === Infinity) return 'up from zero';
  if (change === -Infinity) return 'down from zero';
  return `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

/** Compares `current` (finite values, at least 2) with `reference`. */
export function assessDrift(
  current: readonly number[],
  reference: DriftReference,
  profile: MetricProfile,
  alpha = DEFAULT_DRIFT_ALPHA,
): DriftAssessment {
  let test: DriftAssessment['test'];
  let pValue: number;
  if (reference.sample && reference.sample.length >= 2) {
    test = 'mann-whitney';
    pValue = mannWhitneyU(current, reference.sample).pValue;
  } else {
    test = 'welch-t';
    pValue = welchTTestFromStats(
      {
        n: current.length,
        mean: mean(current),
        std: current.length >= 2 ? standardDeviation(current, 1) : 0,
      },
      { n: reference.sampleCount, mean: reference.mean, std: reference.std },
    ).pValue;
  }
  if (Number.isNaN(pValue)) pValue = 1;
  const currentLocation = reference.locationKind === 'median' ? median(current) : mean(current);
  const change = relativeChange(currentLocation, reference.location);
  const threshold = profile.effectSizeThreshold;
  const significant = pValue < alpha;
  const large = Math.abs(change) >= threshold;
  const drift = significant && large;
  const strength = (1 - pValue) * Math.min(1, Math.abs(change) / threshold);
  const confidence = drift ? strength : 1 - strength;
  const rising = change > 0;
  const worse = profile.polarity === 'higher-is-worse' ? rising : !rising;
  const direction = !drift ? 'unchanged' : worse ? 'degraded' : 'improved';
  const pct = formatRelativeChange(change);
  let suggestedAction: string;
  if (direction === 'degraded') {
    suggestedAction = `investigate the regression (${pct} against the baseline): compare code, configuration and hardware changes around the change point; update the baseline only if the new level is intended`;
  } else if (direction === 'improved') {
    suggestedAction = `confirm the improvement (${pct} against the baseline) and update the baseline, then save a version, so that later regressions are measured from the new level`;
  } else if (significant) {
    suggestedAction = `none: the difference (${pct}) is significant but below the ${(threshold * 100).toFixed(1)}% threshold`;
  } else {
    suggestedAction = 'none: the recent values match the baseline';
  }
  return {
    drift,
    test,
    pValue,
    relativeChange: change,
    effectSizeThreshold: threshold,
    currentLocation,
    baselineLocation: reference.location,
    direction,
    confidence,
    suggestedAction,
  };
}
