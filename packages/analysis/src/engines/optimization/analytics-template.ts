/**
 * In-process use: the memory template over the metrics a {@link PerformanceAnalytics} holds
 * (fed with `addPerformanceData`), judged by the analytics' own trend analysis (Theil-Sen
 * slope, Mann-Kendall significance).
 */
import type { OptimizationThresholds } from '../../config/optimization-config.js';
import type { PerformanceAnalytics } from '../analytics/performance-analytics.js';
import { metricCategory } from '../baselines/metric-profile.js';
import { MEMORY_POOLING } from './builtin-templates.js';
import { round } from './evidence-math.js';
import type { Detection, OptimizationTemplate } from './types.js';

/** A memory-growth template over the analytics' memory metrics. */
export function analyticsMemoryTemplate(
  analytics: PerformanceAnalytics,
  th: OptimizationThresholds,
): OptimizationTemplate {
  return {
    ...MEMORY_POOLING,
    detect(input): Detection[] {
      const out: Detection[] = [];
      for (const { metric } of analytics.getAnalyticsSummary().perMetric) {
        if (metricCategory(metric) !== 'memory') continue;
        const trend = analytics.analyzeTrends(metric);
        if (!trend.significant || !(trend.slopePerSecond > 0)) continue;
        if (!(trend.relativeChange > th.memoryGrowth)) continue;
        out.push({
          subject: `analytics:${metric}`,
          severity: Math.min(1, trend.relativeChange / (2 * th.memoryGrowth)),
          confidence: 1 - trend.pValue,
          evidence: {
            metrics: [metric],
            windowStartMillis: input.fromMillis,
            windowEndMillis: input.atMillis,
            values: {
              points: trend.points,
              relativeChange: round(trend.relativeChange),
              threshold: th.memoryGrowth,
              pValue: round(trend.pValue),
            },
          },
          impact: {
            ratio: round(Math.min(1, trend.relativeChange)),
            description: `${metric} grew ${round(100 * trend.relativeChange)} % over its history; pooling or GC tuning addresses that growth`,
          },
        });
      }
      return out;
    },
  };
}
