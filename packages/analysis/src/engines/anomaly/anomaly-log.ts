/**
 * The anomaly engine's recent anomalies, newest last, bounded (the oldest go first): what
 * `GET /api/v1/anomalies` and `heterodyne-monitor anomalies` list.
 */
import type { AnomalyPointScore, AnomalyReason } from './types.js';

/** One anomaly as the engine raised it. */
export interface AnomalyRecord {
  /** Series key: metric and identifying attributes. */
  series: string;
  metric: string;
  attributes: Readonly<Record<string, string>>;
  /** Time of the anomalous point, ms since the epoch. */
  timeMillis: number;
  value: number;
  /** Calibrated score in [0, 1]. */
  score: number;
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  /** The most surprising feature. */
  reason: AnomalyReason | null;
  /** Combined tail probability of the point's features. */
  pValue: number;
  /** When the series was ordinary again (ms since the epoch); absent while it fires. */
  resolvedAtMillis?: number;
}

/** Filters of {@link AnomalyLog.list}. */
export interface AnomalyQuery {
  /** Only anomalies of this metric. */
  metric?: string;
  /** Only anomalies of series whose `heterodyne.operation.name` is this. */
  operation?: string;
  /** Only anomalies at or after this time, ms since the epoch. */
  sinceMillis?: number;
  /** Most anomalies returned (newest first). @default 100 */
  limit?: number;
}

/** What the log needs of a series. */
interface SeriesOfRecord {
  key: string;
  view: { metric: string };
  attributes: Readonly<Record<string, string>>;
}

/** The bounded log. */
export interface AnomalyLog {
  add(
    series: SeriesOfRecord,
    timeMillis: number,
    value: number,
    score: AnomalyPointScore,
  ): AnomalyRecord;
  list(query?: AnomalyQuery): AnomalyRecord[];
}

/** The attribute naming an operation, as the SDK records it. */
const OPERATION_ATTRIBUTE = 'heterodyne.operation.name';

/** Creates a log keeping the last `capacity` anomalies. */
export function createAnomalyLog(capacity: number): AnomalyLog {
  const records: AnomalyRecord[] = [];
  return {
    add(series, timeMillis, value, score) {
      const record: AnomalyRecord = {
        series: series.key,
        metric: series.view.metric,
        attributes: series.attributes,
        timeMillis,
        value,
        score: score.score,
        expected: score.expected,
        expectedLow: score.expectedLow,
        expectedHigh: score.expectedHigh,
        reason: score.reason ?? null,
        pValue: score.pValue,
      };
      records.push(record);
      if (records.length > capacity) records.splice(0, records.length - capacity);
      return record;
    },
    list(query = {}) {
      const limit = query.limit ?? 100;
      const out: AnomalyRecord[] = [];
      for (let i = records.length - 1; i >= 0 && out.length < limit; i--) {
        const r = records[i]!;
        if (query.metric !== undefined && r.metric !== query.metric) continue;
        if (query.operation !== undefined && r.attributes[OPERATION_ATTRIBUTE] !== query.operation)
          continue;
        if (query.sinceMillis !== undefined && r.timeMillis < query.sinceMillis) continue;
        out.push({ ...r });
      }
      return out;
    },
  };
}
