/**
 * The limits a forecast may breach, per metric: the SLO targets of `@heterodyne/semconv`'s
 * SLIs that are a quantile or a value of one metric (the response time on
 * `heterodyne.operation.duration`, the memory utilization on its gauge), with the targets
 * of `slo.targets`, overridden by `analytics.trend.limits`.
 */
import { SLIS } from '@heterodyne/semconv';
import type { ForecastLimit } from '../../config/analytics-config.js';
import type { AnalysisConfig } from '../../config/types.js';

/** A limit and where it comes from (`slo:<sli id>` or `analytics.trend.limits`). */
export interface SourcedLimit extends ForecastLimit {
  source: string;
}

/** The forecast limits per metric name of `config`. */
export function sloForecastLimits(config: AnalysisConfig): Record<string, SourcedLimit> {
  const out: Record<string, SourcedLimit> = {};
  if (config.slo.builtin) {
    for (const sli of SLIS) {
      const c = sli.computation;
      const metric =
        c.kind === 'quantile' ? c.metric : c.kind === 'value' ? c.selector.metric : undefined;
      if (metric === undefined) continue;
      const target = config.slo.targets[sli.id] ?? sli.target;
      out[metric] =
        sli.comparison === '<'
          ? { upper: target, source: `slo:${sli.id}` }
          : { lower: target, source: `slo:${sli.id}` };
    }
  }
  for (const [metric, limit] of Object.entries(config.analytics.trend.limits)) {
    out[metric] = { ...limit, source: 'analytics.trend.limits' };
  }
  return out;
}
