/** Milliseconds since the Unix epoch (UTC), as `Date.now()` returns. */
export type EpochMillis = number;

/** How a baseline was computed. */
export type BaselineMethod = 'percentile' | 'robust' | 'mean';

/**
 * The statistics of one baseline. Every field is a number; a statistic the method does not
 * produce is `NaN` (stored as SQL `NULL`, read back as `NaN`).
 */
export interface BaselineStatistics {
  /** 50th percentile of the window, in the metric's unit. */
  p50: number;
  /** 95th percentile, in the metric's unit. */
  p95: number;
  /** 99th percentile, in the metric's unit. */
  p99: number;
  /** Arithmetic mean, in the metric's unit. */
  mean: number;
  /** Sample standard deviation, in the metric's unit. */
  std: number;
  /** Median, in the metric's unit (equals `p50` for the percentile method). */
  median: number;
  /** Median absolute deviation (unscaled), in the metric's unit. */
  mad: number;
  /** Lower bound of the confidence interval of the location estimate. */
  ciLower: number;
  /** Upper bound of the confidence interval of the location estimate. */
  ciUpper: number;
  /** Confidence level of `[ciLower, ciUpper]`, a ratio such as `0.95`. */
  ciLevel: number;
  /** Number of samples the statistics were computed from. */
  sampleCount: number;
}

/** A baseline as the engine hands it to the store. */
export interface BaselineInput extends BaselineStatistics {
  /** Series key: what the baseline describes (a metric plus its identifying attributes). */
  key: string;
  /** Metric name, from `@heterodyne/semconv`. */
  metric: string;
  /** How the statistics were computed. */
  method: BaselineMethod;
  /** Open-ended extras (seasonal factors, window bounds, labels). Must be JSON-serialisable. */
  details?: Record<string, unknown>;
  /**
   * When the statistics were computed.
   * @default the store's clock
   */
  updatedAt?: EpochMillis;
}

/** The current baseline of one series. */
export interface BaselineRecord extends BaselineStatistics {
  /** Series key (unique). */
  key: string;
  /** Metric name. */
  metric: string;
  /** How the statistics were computed. */
  method: BaselineMethod;
  /** Open-ended extras. */
  details: Record<string, unknown>;
  /** When this key first got a baseline; kept across updates. */
  createdAt: EpochMillis;
  /** When the current statistics were computed (or restored by a rollback). */
  updatedAt: EpochMillis;
}

/** Why a baseline history entry was written. */
export type BaselineChangeSource = 'update' | 'rollback';

/** One past value of a baseline; every upsert and every rollback appends one. */
export interface BaselineHistoryEntry extends BaselineRecord {
  /** Store-assigned, increasing with insertion order. */
  id: number;
  /** What wrote the entry. */
  source: BaselineChangeSource;
  /** The version restored, for `source: 'rollback'`. */
  versionId?: string;
}

/** What `createBaselineVersion` needs. */
export interface BaselineVersionInput {
  /**
   * Version id.
   * @default a random UUID
   */
  id?: string;
  /** Human name, e.g. `v1.0`. Not required to be unique. */
  name: string;
  /**
   * Free-text notes.
   * @default ''
   */
  notes?: string;
}

/** A named snapshot of all current baselines. */
export interface BaselineVersionRecord {
  /** Version id. */
  id: string;
  /** Human name. */
  name: string;
  /** Free-text notes. */
  notes: string;
  /** When the snapshot was taken (store clock). */
  createdAt: EpochMillis;
  /** How many baselines the snapshot holds. */
  baselineCount: number;
}

/** A version with the baselines it captured. */
export interface BaselineVersionSnapshot {
  /** The version. */
  version: BaselineVersionRecord;
  /** Its baselines, ordered by key. */
  baselines: BaselineRecord[];
}

/** What `recordDriftEvent` needs. */
export interface DriftEventInput {
  /**
   * Event id.
   * @default a random UUID
   */
  id?: string;
  /** Metric name. */
  metric: string;
  /** Series key of the drifting series. */
  seriesKey: string;
  /** When the drift was detected. */
  detectedAt: EpochMillis;
  /** Size of the shift, in the metric's unit (signed: positive means the metric grew). */
  magnitude: number;
  /** Confidence of the detection, a ratio in `[0, 1]`. */
  confidence: number;
  /** Test or detector that fired, e.g. `ks`, `mann-whitney`, `cusum`. */
  test: string;
  /**
   * Open-ended extras (p-value, statistic, windows). Must be JSON-serialisable.
   * @default {}
   */
  details?: Record<string, unknown>;
}

/** A detected baseline drift. */
export interface DriftEventRecord extends Required<DriftEventInput> {
  /** Event id. */
  id: string;
  /** Open-ended extras. */
  details: Record<string, unknown>;
}
