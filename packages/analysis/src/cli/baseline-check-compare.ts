/**
 * The regression gate's verdict: every series of a run is compared with its baseline by the
 * baselines engine's own drift test ({@link assessDrift}: significance and the metric's
 * effect-size threshold, direction by the metric's polarity).
 */
import {
  assessDrift,
  DEFAULT_DRIFT_ALPHA,
  DEFAULT_MIN_RECENT_SAMPLES,
  driftReferenceOf,
} from '../engines/baselines/drift-test.js';
import type { DriftAssessment } from '../engines/baselines/drift-test.js';
import { metricProfile } from '../engines/baselines/metric-profile.js';
import type { MetricCategory } from '../engines/baselines/metric-profile.js';
import type { FileBaseline } from './baseline-file.js';
import { normalizeSeriesKey } from './baseline-check-input.js';
import type { RunSamples, RunSeries } from './baseline-check-input.js';

/** Settings of {@link compareRun}. */
export interface GateOptions {
  /** Significance level of the drift test. @default 0.01 (the engine's) */
  alpha?: number;
  /** Relative-change thresholds per category (`baselines.effect_size_thresholds`). */
  effectSizeThresholds?: Partial<Record<MetricCategory, number>>;
  /** Fewest run values a verdict is given on. @default 10 (the engine's) */
  minSamples?: number;
  /** Whether a baseline without run values, or too few, is a data problem (exit 2). @default true */
  requireAll?: boolean;
}

/** Verdict on one series. */
export type GateStatus =
  'regression' | 'improvement' | 'unchanged' | 'missing' | 'insufficient-data' | 'no-baseline';

/** One row of the gate's report. */
export interface GateRow {
  key: string;
  metric: string;
  status: GateStatus;
  /** Values in the run. */
  runCount: number;
  /** Values behind the baseline. */
  baselineCount: number;
  assessment?: DriftAssessment;
  /** What it means, for people. */
  detail: string;
}

/** The gate's outcome. */
export interface GateResult {
  rows: GateRow[];
  counts: Record<GateStatus, number>;
  /** 0: no regression, 1: regression, 2: data problem (nothing compared, or missing data). */
  exitCode: 0 | 1 | 2;
}

/** Matches run series with baselines by normalized key, else by metric when one side is bare. */
function matchBaselines(
  run: RunSamples,
  baselines: readonly FileBaseline[],
): Array<{ baseline?: FileBaseline; series?: RunSeries }> {
  const runByKey = new Map<string, RunSeries>();
  const runByMetric = new Map<string, RunSeries[]>();
  for (const s of run.series.values()) {
    runByKey.set(normalizeSeriesKey(s.key) ?? s.key, s);
    const list = runByMetric.get(s.metric) ?? [];
    list.push(s);
    runByMetric.set(s.metric, list);
  }
  const baselinesByMetric = new Map<string, number>();
  for (const b of baselines)
    baselinesByMetric.set(b.metric, (baselinesByMetric.get(b.metric) ?? 0) + 1);
  const used = new Set<RunSeries>();
  const pairs: Array<{ baseline?: FileBaseline; series?: RunSeries }> = [];
  for (const b of baselines) {
    const key = normalizeSeriesKey(b.key) ?? b.key;
    let series = runByKey.get(key);
    if (!series) {
      const sameMetric = runByMetric.get(b.metric) ?? [];
      const bare = key === `${b.metric}{}`;
      // A bare name on either side stands for the metric's only series.
      if (
        sameMetric.length === 1 &&
        (bare || sameMetric[0]!.key === `${b.metric}{}`) &&
        baselinesByMetric.get(b.metric) === 1
      ) {
        series = sameMetric[0];
      }
    }
    if (series && used.has(series)) series = undefined;
    if (series) used.add(series);
    pairs.push({ baseline: b, ...(series ? { series } : {}) });
  }
  for (const s of run.series.values()) if (!used.has(s)) pairs.push({ series: s });
  return pairs;
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}

/** Compares `run` with `baselines` (see the module comment). */
export function compareRun(
  run: RunSamples,
  baselines: readonly FileBaseline[],
  options: GateOptions = {},
): GateResult {
  const minSamples = Math.max(2, options.minSamples ?? DEFAULT_MIN_RECENT_SAMPLES);
  const rows: GateRow[] = [];
  for (const { baseline, series } of matchBaselines(run, baselines)) {
    if (!baseline) {
      rows.push({
        key: series!.key,
        metric: series!.metric,
        status: 'no-baseline',
        runCount: series!.values.length,
        baselineCount: 0,
        detail: 'no baseline for this series; not judged',
      });
      continue;
    }
    const base = {
      key: baseline.key,
      metric: baseline.metric,
      baselineCount: baseline.sampleCount,
    };
    if (!series) {
      rows.push({
        ...base,
        status: 'missing',
        runCount: 0,
        detail: 'the run has no values for this baseline',
      });
      continue;
    }
    if (series.values.length < minSamples) {
      rows.push({
        ...base,
        status: 'insufficient-data',
        runCount: series.values.length,
        detail: `${series.values.length} finite values in the run, at least ${minSamples} needed`,
      });
      continue;
    }
    const profile = metricProfile(baseline.metric, options.effectSizeThresholds ?? {});
    const a = assessDrift(
      series.values,
      driftReferenceOf(baseline, baseline.sample),
      profile,
      options.alpha ?? DEFAULT_DRIFT_ALPHA,
    );
    const status: GateStatus =
      a.direction === 'degraded'
        ? 'regression'
        : a.direction === 'improved'
          ? 'improvement'
          : 'unchanged';
    const change = Number.isFinite(a.relativeChange)
      ? pct(a.relativeChange)
      : String(a.relativeChange);
    rows.push({
      ...base,
      status,
      runCount: series.values.length,
      assessment: a,
      detail:
        status === 'unchanged'
          ? `${change}, within the ±${(a.effectSizeThreshold * 100).toFixed(1)}% threshold or not significant (p=${a.pValue.toPrecision(2)})`
          : `${change} (threshold ±${(a.effectSizeThreshold * 100).toFixed(1)}%, p=${a.pValue.toPrecision(2)}, ${a.test})`,
    });
  }
  const counts: Record<GateStatus, number> = {
    regression: 0,
    improvement: 0,
    unchanged: 0,
    missing: 0,
    'insufficient-data': 0,
    'no-baseline': 0,
  };
  for (const r of rows) counts[r.status]++;
  const compared = counts.regression + counts.improvement + counts.unchanged;
  const problems = counts.missing + counts['insufficient-data'];
  const exitCode =
    counts.regression > 0
      ? 1
      : compared === 0 || (problems > 0 && options.requireAll !== false)
        ? 2
        : 0;
  return { rows, counts, exitCode };
}
