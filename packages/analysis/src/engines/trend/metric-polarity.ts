import { SLIS } from '@heterodyne/semconv';
import type { SliPolarity } from '@heterodyne/semconv';

const LOWER_IS_BETTER =
  /(latency|duration|response_time|time|error|fail|memory|cpu|utili[sz]ation|overhead|queue|drift|loss|miss)/;
const HIGHER_IS_BETTER = /(throughput|accuracy|hit_rate|hit|success|availability|speedup|rate_ok)/;

/**
 * Whether a larger value of `metric` is better or worse: an SLI id (`response_time`) or a
 * metric an SLI is computed from (`heterodyne.operation.duration`) takes the SLI's polarity
 * from `@heterodyne/semconv`; other names are judged by their words (latency, duration,
 * error, memory ... are lower-is-better; throughput, accuracy, hit rate ... higher-is-better).
 * Undefined when the name says nothing.
 */
export function metricPolarity(metric: string): SliPolarity | undefined {
  const name = metric.toLowerCase();
  for (const sli of SLIS) {
    if (sli.id === name) return sli.polarity;
  }
  for (const sli of SLIS) {
    const c = sli.computation;
    const metrics =
      c.kind === 'quantile'
        ? [c.metric]
        : c.kind === 'ratio'
          ? [c.numerator.metric]
          : [c.selector.metric];
    if (metrics.includes(name) && !(c.kind === 'ratio' && c.complement)) return sli.polarity;
  }
  if (HIGHER_IS_BETTER.test(name)) return 'higher_is_better';
  if (LOWER_IS_BETTER.test(name)) return 'lower_is_better';
  return undefined;
}
