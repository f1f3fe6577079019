/**
 * The rules of the built-in templates (see `builtin-templates.ts`): each reads the window's
 * signals and returns one detection per subject whose condition holds, with the confidence of
 * the test behind it, the evidence and the predicted impact.
 */
import {
  METRIC_CACHE_REQUESTS,
  METRIC_COMPILATION_DURATION,
  METRIC_MEMORY_USAGE,
  METRIC_NON_FINITE_VALUES,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import type { OptimizationThresholds } from '../../config/optimization-config.js';
import { normalCdf } from '../../stats/distributions.js';
import { welchTTest } from '../../stats/t-tests.js';
import { analyzeTrend } from '../trend/trend-analysis.js';
import { clamp01, round, succession } from './evidence-math.js';
import type { Observations } from './signals.js';
import type { Detection, TemplateInput } from './types.js';

const HOUR_MILLIS = 3_600_000;

function window(input: TemplateInput, metrics: string[], values: Detection['evidence']['values']) {
  return { metrics, windowStartMillis: input.fromMillis, windowEndMillis: input.atMillis, values };
}

function hours(input: TemplateInput): number {
  return Math.max(1e-9, (input.atMillis - input.fromMillis) / HOUR_MILLIS);
}

/** `cache_tuning`: hit rate under target while lookups are frequent. */
export function cacheTuning(th: OptimizationThresholds) {
  return (input: TemplateInput): Detection[] => {
    const out: Detection[] = [];
    for (const [cache, { hits, misses }] of input.signals.caches) {
      const n = hits + misses;
      if (n < th.minCacheLookups) continue;
      const rate = hits / n;
      const target = th.cacheHitRate;
      if (rate >= target) continue;
      // H0: the true hit rate meets the target; the z-test of the observed rate against it.
      const z = (target - rate) / Math.sqrt((target * (1 - target)) / n);
      const avoided = (target - rate) * n;
      out.push({
        subject: cache,
        severity: clamp01((target - rate) / target),
        confidence: normalCdf(z),
        evidence: window(input, [METRIC_CACHE_REQUESTS], {
          hits,
          misses,
          lookups: n,
          hitRate: round(rate),
          target,
          z: round(z),
        }),
        impact: {
          ratio: round((target - rate) / (1 - rate)),
          description: `${round(avoided / hours(input))} lookups per hour would hit instead of recomputing (${round((100 * (target - rate)) / (1 - rate))} % of the misses)`,
        },
        parameters: { cache, hitRate: round(rate), target, sizeFactor: 2 },
      });
    }
    return out;
  };
}

function byTime(o: Observations): Map<number, number> {
  return new Map(o.intervalTimes.map((t, i) => [t, o.intervalSums[i]!]));
}

/** `jit_warmup`: compile time over the threshold share of operation time. */
export function jitWarmup(th: OptimizationThresholds) {
  return (input: TemplateInput): Detection[] => {
    const out: Detection[] = [];
    for (const [op, compile] of input.signals.compilation) {
      const ops = input.signals.operations.get(op);
      if (!ops || ops.sum <= 0 || compile.count < th.minColdStarts) continue;
      const overhead = compile.sum / ops.sum;
      if (overhead <= th.compilationOverhead) continue;
      const compileAt = byTime(compile);
      let over = 0;
      ops.intervalTimes.forEach((t, i) => {
        if ((compileAt.get(t) ?? 0) / ops.intervalSums[i]! > th.compilationOverhead) over++;
      });
      const perHour = compile.sum / hours(input);
      out.push({
        subject: op,
        severity: clamp01(overhead / (2 * th.compilationOverhead)),
        confidence: succession(over, ops.intervalTimes.length),
        evidence: window(input, [METRIC_COMPILATION_DURATION, METRIC_OPERATION_DURATION], {
          compileSeconds: round(compile.sum),
          operationSeconds: round(ops.sum),
          overhead: round(overhead),
          threshold: th.compilationOverhead,
          coldStarts: compile.count,
          intervalsOverThreshold: over,
          intervals: ops.intervalTimes.length,
        }),
        impact: {
          ratio: round(clamp01(overhead)),
          description: `warm-up would save about ${round(perHour)} compile seconds per hour (${compile.count} cold starts in the window)`,
        },
        parameters: { operation: op, coldStarts: compile.count },
      });
    }
    return out;
  };
}

/** `memory_pooling`: memory rising significantly. */
export function memoryPooling(th: OptimizationThresholds) {
  return (input: TemplateInput): Detection[] => {
    const out: Detection[] = [];
    for (const [type, level] of input.signals.memory) {
      const order = level.times.map((_, i) => i).sort((a, b) => level.times[a]! - level.times[b]!);
      const times = order.map((i) => level.times[i]!);
      const values = order.map((i) => level.values[i]!);
      const trend = analyzeTrend(METRIC_MEMORY_USAGE, times, values, {
        polarity: 'lower_is_better',
      });
      if (!trend.significant || !(trend.slopePerSecond > 0)) continue;
      if (!(trend.relativeChange > th.memoryGrowth)) continue;
      const perHour = (trend.slopePerSecond * 3600) / Math.max(1, values[0]!);
      out.push({
        subject: type,
        severity: clamp01(trend.relativeChange / (2 * th.memoryGrowth)),
        confidence: 1 - trend.pValue,
        evidence: window(input, [METRIC_MEMORY_USAGE], {
          points: trend.points,
          slopeBytesPerSecond: round(trend.slopePerSecond),
          relativeChange: round(trend.relativeChange),
          threshold: th.memoryGrowth,
          pValue: round(trend.pValue),
          tau: round(trend.tau),
        }),
        impact: {
          ratio: round(clamp01(trend.relativeChange)),
          description: `memory (${type}) grows ${round(100 * perHour)} % per hour; pooling or GC tuning addresses that growth`,
        },
      });
    }
    return out;
  };
}

/** `numerical_stability`: non-finite values appearing. */
export function numericalStability() {
  return (input: TemplateInput): Detection[] => {
    const out: Detection[] = [];
    for (const [op, k] of input.signals.nonFinite) {
      if (!(k > 0)) continue;
      const calls = input.signals.operations.get(op)?.count ?? 0;
      const share = calls > 0 ? Math.min(1, k / calls) : 1;
      out.push({
        subject: op,
        severity: clamp01(0.5 + share / 2),
        confidence: 1 - Math.exp(-k),
        evidence: window(input, [METRIC_NON_FINITE_VALUES, METRIC_OPERATION_DURATION], {
          nonFiniteValues: k,
          calls,
        }),
        impact: {
          ratio: round(share),
          description: `${k} NaN or infinite values in ${calls} calls; a stabler formulation or higher precision removes them`,
        },
      });
    }
    return out;
  };
}

/** `version_regression`: slower under a newer `service.version`. */
export function versionRegression(th: OptimizationThresholds, significance: number) {
  return (input: TemplateInput): Detection[] => {
    const out: Detection[] = [];
    for (const [op, versions] of input.signals.operationsByVersion) {
      if (versions.size < 2) continue;
      const ordered = [...versions.entries()]
        .filter(([, o]) => o.intervalMeans.length >= 3)
        .sort((a, b) => a[1].intervalTimes[0]! - b[1].intervalTimes[0]!);
      if (ordered.length < 2) continue;
      const [oldVersion, before] = ordered[ordered.length - 2]!;
      const [newVersion, after] = ordered[ordered.length - 1]!;
      const meanBefore = before.sum / before.count;
      const meanAfter = after.sum / after.count;
      const change = (meanAfter - meanBefore) / meanBefore;
      if (!(change > th.versionRegression)) continue;
      const test = welchTTest(after.intervalMeans, before.intervalMeans);
      if (!(test.pValue < significance)) continue;
      out.push({
        subject: `${op}@${newVersion}`,
        severity: clamp01(change / (2 * th.versionRegression)),
        confidence: 1 - test.pValue,
        evidence: window(input, [METRIC_OPERATION_DURATION], {
          operation: op,
          previousVersion: oldVersion,
          version: newVersion,
          meanSecondsBefore: round(meanBefore),
          meanSecondsAfter: round(meanAfter),
          relativeChange: round(change),
          threshold: th.versionRegression,
          pValue: round(test.pValue),
        }),
        impact: {
          ratio: round(change / (1 + change)),
          description: `${op} got ${round(100 * change)} % slower with service.version ${newVersion}; fixing the regression saves ${round(100 * (change / (1 + change)))} % of its time`,
        },
        parameters: { operation: op, version: newVersion, previousVersion: oldVersion },
      });
    }
    return out;
  };
}

/** `vectorization`: one operation dominating total time. */
export function vectorization(th: OptimizationThresholds) {
  return (input: TemplateInput): Detection[] => {
    const ops = input.signals.operations;
    if (ops.size < 2) return [];
    let total = 0;
    const totalsAt = new Map<number, number>();
    for (const o of ops.values()) {
      total += o.sum;
      o.intervalTimes.forEach((t, i) =>
        totalsAt.set(t, (totalsAt.get(t) ?? 0) + o.intervalSums[i]!),
      );
    }
    if (!(total > 0)) return [];
    const out: Detection[] = [];
    for (const [op, o] of ops) {
      const share = o.sum / total;
      if (share <= th.dominantShare) continue;
      let over = 0;
      o.intervalTimes.forEach((t, i) => {
        if (o.intervalSums[i]! / totalsAt.get(t)! > th.dominantShare) over++;
      });
      out.push({
        subject: op,
        severity: clamp01((share - th.dominantShare) / (1 - th.dominantShare)),
        confidence: succession(over, totalsAt.size),
        evidence: window(input, [METRIC_OPERATION_DURATION], {
          operationSeconds: round(o.sum),
          totalSeconds: round(total),
          share: round(share),
          threshold: th.dominantShare,
          calls: o.count,
        }),
        impact: {
          ratio: round(share),
          description: `${op} takes ${round(100 * share)} % of all operation time (${round(o.sum / hours(input))} s per hour); vectorizing it addresses that share`,
        },
      });
    }
    return out;
  };
}
