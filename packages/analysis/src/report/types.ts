/**
 * What the HTML report shows, as plain JSON-able data: {@link collectReportData} gathers it
 * from a running service or an embedded monitor, `renderReport` turns it into one HTML file.
 * Times are milliseconds since the epoch. Every string may come from telemetry (metric
 * names, attribute values, summaries) and is escaped when rendered.
 */

/** One SLO group: its SLI against the target, its error budget and burn rates. */
export interface ReportSlo {
  /** Group id (`response_time-3f9a1c20`). */
  id: string;
  /** The SLO the group belongs to. */
  sloId: string;
  title: string;
  /** Group attribute values (service, operation). */
  labels: Record<string, string>;
  /** Share of good events (or slices) promised, e.g. 0.99. */
  objective: number;
  /** The SLI over the budget window in its display terms; null before any event. */
  sli: number | null;
  /** What the SLI is compared with: the objective for good ratios, 1 - objective for bad ratios. */
  sliTarget: number;
  /** `>=` when a larger SLI is better, `<=` when a smaller one is. */
  comparison: '>=' | '<=';
  /** Share of the budget left: 1 unspent, 0 spent, negative overspent. */
  budgetRemaining: number;
  /** Burn rate per window name (`5m` ... `3d`); null with no events in that window. */
  burnRates: Record<string, number | null>;
  /** Seconds until the budget is spent at the 1 h burn rate; null when not burning. */
  timeToExhaustionSeconds: number | null;
  /** `ok`, `no_data` or `burning`. */
  state: string;
  /** The budget window (`30d`). */
  window: string;
  /** Burn-rate alerts firing now (`page`, `ticket`). */
  firingAlerts: string[];
  /** Stored history, oldest first (may be empty). */
  history: { timeMillis: number; sli: number; budgetRemaining: number }[];
}

/** A baseline as a band: the P50 and P95 of the series' baseline window. */
export interface ReportBand {
  p50: number;
  p95: number;
  /** How the baseline was computed (`percentile`, `robust`, `mean`). */
  method: string;
  sampleCount: number;
}

/** An anomaly marker on a series. */
export interface ReportMarker {
  timeMillis: number;
  /** The value the marker sits at (the scored value), when known. */
  value: number | null;
  /** The anomaly score. */
  score: number | null;
  summary: string;
}

/** A forecast of a series at one horizon, with its prediction interval. */
export interface ReportForecast {
  /** Metric name. */
  metric: string;
  /** The series it forecasts (a readable key). */
  series: string;
  /** Series id in the chart data, when the series is charted. */
  seriesId?: string;
  /** When the forecast is for. */
  targetTimeMillis: number;
  predicted: number;
  lower: number;
  upper: number;
  /** Coverage of `[lower, upper]`, e.g. 0.95. */
  coverage: number;
  /** Model chosen (`holt_winters`, `random_forest`, `recent_mean`, `seasonal_naive`), when known. */
  model: string | null;
  /**
   * Where it came from: a forecast finding, the trend engine's forecast, or computed for this
   * report from the charted samples.
   */
  source: 'finding' | 'engine' | 'report';
  /** One line for people (from the finding), when there is one. */
  summary?: string;
}

/** One charted series: recent samples, the baseline band, trend, anomalies and forecast. */
export interface ReportSeries {
  /** Series id (as in `/api/v1/series`). */
  id: string;
  metric: string;
  unit: string;
  /** Point and identifying resource attributes. */
  labels: Record<string, string>;
  /** What a sample's value is: `value` (gauge, counter delta) or `mean` (histogram sum/count). */
  valueKind: 'value' | 'mean';
  /** Sample times, oldest first. */
  times: number[];
  /** Sample values (null for an interval without observations). */
  values: (number | null)[];
  /** The current baseline of the series, when there is one. */
  band?: ReportBand;
  /** Trend over the samples shown, when there are enough. */
  trend?: { direction: string; slopePerSecond: number; pValue: number; relativeChange: number };
  /** Anomaly markers on the series. */
  anomalies: ReportMarker[];
  /** A forecast beyond the last sample, drawn with its interval. */
  forecast?: ReportForecast;
}

/** A finding as the report lists it (anomalies, drift, forecasts, opportunities). */
export interface ReportFinding {
  engine: string;
  kind: string;
  severity: string;
  state: string;
  summary: string;
  labels: Record<string, string>;
  value?: number;
  threshold?: number;
  suggestedAction?: string;
  startsAtMillis: number;
  endsAtMillis?: number;
  /** The numbers behind the finding, as the engine gave them. */
  evidence?: Record<string, unknown>;
}

/** A drift event (from the baselines' drift log or a drift finding). */
export interface ReportDrift {
  metric: string;
  series: string;
  detectedAtMillis: number;
  /** Size of the shift, in the metric's unit or relative (see `summary`). */
  magnitude: number | null;
  confidence: number | null;
  test: string;
  summary: string;
  state: string;
}

/** An alert (active or resolved). */
export interface ReportAlert {
  id: string;
  ruleId: string;
  severity: string;
  status: string;
  summary: string;
  labels: Record<string, string>;
  firstSeenAtMillis: number;
  lastSeenAtMillis: number;
  acknowledgedAtMillis?: number;
  resolvedAtMillis?: number;
  count: number;
}

/** The health of the monitor and its engines. */
export interface ReportHealth {
  /** `ok`, `degraded`, `stopping`. */
  status: string;
  version: string;
  startedAtMillis: number;
  uptimeSeconds: number;
  activeSeries: number;
  memoryBytes: number;
  acceptedPoints: number;
  rejectedPoints: number;
  dropped: Record<string, number>;
  engines: { name: string; healthy: boolean; lastEvaluationMillis?: number; detail?: string }[];
  components: { name: string; healthy: boolean; message?: string }[];
}

/** Everything the report shows. */
export interface ReportData {
  title: string;
  generatedAtMillis: number;
  /** Where the data came from (`service http://...`, `embedded`). */
  source: string;
  health: ReportHealth;
  slos: ReportSlo[];
  series: ReportSeries[];
  anomalies: ReportFinding[];
  drifts: ReportDrift[];
  forecasts: ReportForecast[];
  opportunities: ReportFinding[];
  alerts: { active: ReportAlert[]; resolved: ReportAlert[] };
  /** Firing findings of other kinds (SLO burn, thresholds), newest first. */
  otherFindings: ReportFinding[];
}
