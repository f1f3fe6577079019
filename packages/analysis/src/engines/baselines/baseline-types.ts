/**
 * Options and results of the {@link BaselineManager} (see `baseline-manager.ts`).
 */
import type { BaselineMethod, BaselineRecord } from '../../store/baseline-records.js';
import type { BaselineApprovalGate } from '../../approvals/baseline-approvals.js';
import type { BaselineStore, StoreBatch } from '../../store/types.js';
import type { BaselineMethodOptions } from './baseline-methods.js';
import type { ChangePointOptions, DetectedChangePoint } from './change-point-detector.js';
import type { DriftAssessment } from './drift-test.js';
import type { MetricCategory } from './metric-profile.js';
import type { SeasonalOptions } from './seasonal-profile.js';

/** Options of the baseline manager. */
export interface BaselineManagerOptions extends BaselineMethodOptions {
  /** Where baselines, versions and drift events are kept (SQLite or PostgreSQL store). */
  store: BaselineStore;
  /**
   * Writes many baselines in one transaction (the store's `batch`); `autoUpdate` uses it to
   * store a pass's new baselines together instead of one transaction each.
   * @default one `upsertBaseline` per baseline
   */
  batch?: (collect: (batch: Pick<StoreBatch, 'upsertBaseline'>) => void) => Promise<void>;
  /** Milliseconds clock. @default Date.now */
  now?: () => number;
  /**
   * Method per metric category (or per exact metric name/series key in `methods`).
   * @default response_time: percentile, memory: robust, accuracy: mean, others: robust
   */
  methodsByCategory?: Partial<Record<MetricCategory, BaselineMethod>>;
  /** Method per exact metric name or series key; wins over `methodsByCategory`. */
  methods?: Readonly<Record<string, BaselineMethod>>;
  /** Fewest finite values a baseline is computed from. @default 50 */
  minSamples?: number;
  /** Largest share of non-finite values in a baseline window, a ratio. @default 0.1 */
  maxInvalidRatio?: number;
  /** Points kept per series (oldest dropped first). @default 10000 */
  maxPointsPerSeries?: number;
  /** Series tracked at most; points of further series are refused. @default 10000 */
  maxSeries?: number;
  /** Recent points compared with the baseline by `validateBaseline`. @default 50 */
  recentWindow?: number;
  /** Fewest recent points for a drift verdict. @default 10 */
  minRecentSamples?: number;
  /** Significance level of the drift test. @default 0.01 */
  alpha?: number;
  /** Relative-change thresholds per category (see `metric-profile.ts`). */
  effectSizeThresholds?: Partial<Record<MetricCategory, number>>;
  /** Relative-change threshold per exact metric name or series key. */
  effectSizeOverrides?: Readonly<Record<string, number>>;
  /** Whether `autoUpdate` may refresh baselines. @default true */
  autoUpdate?: boolean;
  /** Age after which `autoUpdate` refreshes a baseline, in milliseconds. @default 3600000 */
  autoUpdateIntervalMillis?: number;
  /** Seasonal profile settings. */
  seasonal?: SeasonalOptions;
  /**
   * With a gate, automatic refreshes (`autoUpdate`) become proposals a person approves
   * (`approvals.require_approval`); explicit `updateBaseline` calls still write.
   * @default none: automatic refreshes write at once
   */
  approvalGate?: BaselineApprovalGate;
  /** Change-point settings of `validateBaseline`. @default the detector's defaults */
  changePoints?: Omit<ChangePointOptions, 'onProgress'>;
}

/** Why a baseline was not (re)computed. */
export interface BaselineRefusal {
  reason:
    | 'unknown-series'
    | 'insufficient-data'
    | 'invalid-values'
    | 'drift-in-progress'
    | 'awaiting-approval'
    | 'store-failed';
  /** Explanation for people. */
  detail: string;
}

/** A change point found in a series, with its time. */
export interface SeriesChangePoint extends DetectedChangePoint {
  /** Time of the first point of the new segment, in milliseconds. */
  timestampMillis: number;
}

/** Result of `validateBaseline`. */
export interface BaselineValidation {
  key: string;
  /** False when the series drifted from its baseline (or has none). */
  valid: boolean;
  /** `ok`, `drift`, `no-baseline` or `insufficient-data` (too few recent points to judge). */
  status: 'ok' | 'drift' | 'no-baseline' | 'insufficient-data';
  /** The drift test, when one ran. */
  assessment?: DriftAssessment;
  /** Recent points that were compared. */
  recentCount: number;
  /**
   * Whether the recent values (and the reference sample) were seasonally adjusted by the
   * baseline's hour-of-day / day-of-week profile before the test.
   */
  seasonallyAdjusted?: boolean;
  /** The baseline compared with. */
  baseline?: BaselineRecord;
  /** Change points over the kept points of the series (E-Divisive with a t-test). */
  changePoints: SeriesChangePoint[];
  /** What to do, for people. */
  suggestedAction: string;
}

/** One series in `getBaselineStatus`. */
export interface BaselineSeriesStatus {
  key: string;
  metric: string;
  points: number;
  method?: BaselineMethod;
  updatedAt?: number;
  drifting: boolean;
}

/** Result of `getBaselineStatus`. */
export interface BaselineStatus {
  /** Series with a current baseline in the store. */
  baselines: number;
  /** Series tracked in memory. */
  series: BaselineSeriesStatus[];
  /** Keys whose drift has not resolved yet. */
  drifting: string[];
  /** Drift events in the last 24 hours. */
  recentDrifts: number;
  /** Saved versions. */
  versions: number;
  autoUpdateEnabled: boolean;
  /** Points refused because `maxSeries` was reached. */
  refusedPoints: number;
}
