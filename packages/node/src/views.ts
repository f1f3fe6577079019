import { METRICS } from '@heterodyne/semconv';
import { AggregationType, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { ViewOptions } from '@opentelemetry/sdk-metrics';

/**
 * One view per heterodyne histogram, giving it the explicit bucket boundaries of the
 * conventions (`DURATION_BUCKETS_SECONDS` for every `*.duration` histogram in seconds).
 *
 * The SDK also passes these boundaries as instrument `advice`, but a view makes them hold
 * whatever produced the instrument (another SDK version, a hand-made histogram with the same
 * name): the SDK's default boundaries (0 to 10,000) are sized for milliseconds, and would put
 * every second-scale duration in the first few buckets.
 */
export function createHeterodyneViews(): ViewOptions[] {
  const views: ViewOptions[] = [];
  for (const metric of METRICS) {
    if (metric.instrument !== 'histogram' || metric.buckets === undefined) continue;
    views.push({
      instrumentName: metric.name,
      instrumentType: InstrumentType.HISTOGRAM,
      aggregation: {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: { boundaries: [...metric.buckets], recordMinMax: true },
      },
    });
  }
  return views;
}
