/**
 * The service's {@link AnalyticsApi}: the anomaly engine's recent anomalies and the trend
 * engine's trends and forecasts, as JSON views with ISO times beside the epoch milliseconds.
 * Non-finite numbers (a forecast of a short series) become null.
 */
import type { AnalyticsApi, AnalyticsQuery } from '../api/analytics-routes.js';
import { isAnomalyEngine } from '../engines/anomaly/anomaly-engine.js';
import type { Engine } from '../engines/engine.js';
import { isTrendEngine } from '../engines/trend/trend-engine.js';
import type { TrendSeriesState } from '../engines/trend/trend-engine.js';

const OPERATION_ATTRIBUTE = 'heterodyne.operation.name';

/** What a trend and a forecast view both say of their series. */
function seriesView(s: TrendSeriesState): Record<string, unknown> {
  return {
    series: s.series,
    metric: s.metric,
    attributes: s.attributes,
    status: s.status,
    ...(s.reason === undefined ? {} : { reason: s.reason }),
    ...(s.analyzedAtMillis === undefined ? {} : { analyzedAt: iso(s.analyzedAtMillis) }),
  };
}

/** Creates the analytics API over the engines `engines()` returns (none while starting). */
export function createAnalyticsApi(engines: () => readonly Engine[] | undefined): AnalyticsApi {
  const trendEngine = () => engines()?.find(isTrendEngine);
  const selected = (query: AnalyticsQuery): TrendSeriesState[] | undefined => {
    const engine = trendEngine();
    if (!engine) return undefined;
    return engine
      .series()
      .filter(
        (s) =>
          (query.metric === undefined || s.metric === query.metric) &&
          (query.operation === undefined || s.attributes[OPERATION_ATTRIBUTE] === query.operation),
      )
      .sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : 0))
      .slice(0, query.limit);
  };
  return {
    anomalies(query) {
      const engine = engines()?.find(isAnomalyEngine);
      if (!engine) return undefined;
      return engine.anomalies(query).map((a) => ({
        ...a,
        time: iso(a.timeMillis),
        timeUnixMillis: a.timeMillis,
        value: finite(a.value),
        expected: finite(a.expected),
        expectedLow: finite(a.expectedLow),
        expectedHigh: finite(a.expectedHigh),
        ...(a.resolvedAtMillis === undefined ? {} : { resolvedAt: iso(a.resolvedAtMillis) }),
      }));
    },
    trends(query) {
      return selected(query)?.map((s) => {
        const t = s.trend;
        return {
          ...seriesView(s),
          ...(t === undefined
            ? {}
            : {
                direction: t.direction,
                polarity: t.polarity ?? null,
                points: t.points,
                slopePerSecond: finite(t.slopePerSecond),
                relativeChange: finite(t.relativeChange),
                pValue: finite(t.pValue),
                tau: finite(t.tau),
                significant: t.significant,
                seasonality: t.seasonality ?? null,
              }),
        };
      });
    },
    forecasts(query) {
      const engine = trendEngine();
      const list = selected(query);
      if (!engine || !list) return undefined;
      return {
        horizonSeconds: engine.horizonSeconds,
        forecasts: list.map((s) => {
          const f = s.forecast;
          return {
            ...seriesView(s),
            ...(f === undefined
              ? {}
              : {
                  model: f.model ?? null,
                  horizonSeconds: f.horizonSeconds,
                  horizonPoints: f.horizonPoints,
                  targetTime: Number.isFinite(f.targetTimeMillis) ? iso(f.targetTimeMillis) : null,
                  prediction: finite(f.predictedValue),
                  lower: finite(f.lower),
                  upper: finite(f.upper),
                  coverage: f.coverage,
                  period: f.period,
                  backtest:
                    f.backtest === undefined
                      ? null
                      : {
                          origins: f.backtest.origins,
                          meanAbsoluteError: f.backtest.meanAbsoluteError,
                          relativeToSeasonalNaive: finite(f.backtest.relativeToSeasonalNaive),
                        },
                }),
            breach: s.breach ?? null,
          };
        }),
      };
    },
  };
}

function iso(millis: number): string {
  return new Date(millis).toISOString();
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
