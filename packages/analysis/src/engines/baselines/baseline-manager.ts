/**
 * Baselines of metrics, their versions and drift, in process: points go in with
 * `addDataPoint`, `updateBaseline` computes and stores a baseline when the data passes the
 * quality checks, `validateBaseline` tests recent points against it (significance plus
 * effect size) and looks for change points, versions snapshot, diff and roll back the set.
 */
import { yieldToEventLoop } from '../../event-loop.js';
import { ok, err } from '../../result.js';
import type { Result } from '../../result.js';
import type {
  BaselineInput,
  BaselineMethod,
  BaselineRecord,
  BaselineVersionRecord,
  DriftEventRecord,
} from '../../store/baseline-records.js';
import type { BaselineStore } from '../../store/types.js';
import { computeBaseline } from './baseline-methods.js';
import type {
  BaselineManagerOptions,
  BaselineRefusal,
  BaselineStatus,
  BaselineValidation,
  SeriesChangePoint,
} from './baseline-types.js';
import { detectChangePoints } from './change-point-detector.js';
import { checkQuality } from './data-quality.js';
import { assessDrift, DEFAULT_MIN_RECENT_SAMPLES, driftReferenceOf } from './drift-test.js';
import { metricCategory, metricProfile } from './metric-profile.js';
import type { MetricCategory } from './metric-profile.js';
import { asSeasonalProfiles, seasonalOffset, seasonalProfiles } from './seasonal-profile.js';
import { SeriesBuffer } from './series-buffer.js';
import { diffBaselines } from './version-diff.js';
import type { BaselineDiffEntry } from './version-diff.js';

const DAY_MILLIS = 86_400_000;
/** Values of a baseline kept in memory for the rank test (evenly thinned above this). */
const SAMPLE_LIMIT = 2_000;

/** Series handled between two yields to the event loop in loops over every series. */
const YIELD_EVERY = 100;
/** New baselines written per transaction by `autoUpdate` (with the `batch` option). */
const WRITE_BATCH = 500;

/** The method of each metric category unless configured otherwise. */
export const DEFAULT_BASELINE_METHODS: Readonly<Record<MetricCategory, BaselineMethod>> = {
  response_time: 'percentile',
  memory: 'robust',
  accuracy: 'mean',
  error_rate: 'robust',
  other: 'robust',
};

interface BaselineMemo {
  /** `updatedAt` of the baseline the memo belongs to (a rollback replaces it). */
  updatedAt: number;
  /** Sequence number of the first point after the baseline's window. */
  nextSeq: number;
  sample: number[];
}

function thin(values: readonly number[]): number[] {
  if (values.length <= SAMPLE_LIMIT) return values.slice();
  const step = values.length / SAMPLE_LIMIT;
  return Array.from({ length: SAMPLE_LIMIT }, (_, i) => values[Math.floor(i * step)]!);
}

/** Baselines, versions and drift of metrics (see the module comment). */
export class BaselineManager {
  private readonly _o: BaselineManagerOptions;
  private readonly _store: BaselineStore;
  private readonly _now: () => number;
  private readonly _series = new Map<string, SeriesBuffer>();
  private readonly _memo = new Map<string, BaselineMemo>();
  private readonly _drifting = new Map<string, number>();
  private _refused = 0;

  constructor(options: BaselineManagerOptions) {
    this._o = options;
    this._store = options.store;
    this._now = options.now ?? Date.now;
  }

  /**
   * Adds a value of `metric` (series `seriesKey`, by default the metric name) at
   * `timestampMillis` (default now). Non-finite values are kept and count against quality.
   * Returns false when the point was refused because `maxSeries` series are tracked.
   */
  addDataPoint(
    metric: string,
    value: number,
    timestampMillis?: number,
    seriesKey = metric,
  ): boolean {
    let buffer = this._series.get(seriesKey);
    if (!buffer) {
      if (this._series.size >= (this._o.maxSeries ?? 10_000)) {
        this._refused++;
        return false;
      }
      buffer = new SeriesBuffer(metric, this._o.maxPointsPerSeries ?? 10_000);
      this._series.set(seriesKey, buffer);
    }
    buffer.push(timestampMillis ?? this._now(), value);
    return true;
  }

  /** The method a key uses unless told otherwise. */
  methodFor(key: string): BaselineMethod {
    const metric = this._series.get(key)?.metric ?? key;
    const category = metricCategory(metric);
    return (
      this._o.methods?.[key] ??
      this._o.methods?.[metric] ??
      this._o.methodsByCategory?.[category] ??
      DEFAULT_BASELINE_METHODS[category]
    );
  }

  /**
   * Computes and stores the baseline of `key` from its kept points (only the points after
   * the last change point when that segment alone has enough), by `method` or the key's
   * default. With `auto`, a series whose drift has not resolved is refused.
   */
  async updateBaseline(
    key: string,
    method?: BaselineMethod,
    options: { auto?: boolean } = {},
  ): Promise<Result<BaselineRecord, BaselineRefusal>> {
    const prepared = this._prepare(key, method, options.auto === true);
    if (!prepared.ok) return prepared;
    const gate = this._o.approvalGate;
    if (options.auto && gate) {
      // Under review, an automatic refresh is a proposal; a person's approval writes it.
      try {
        await gate.propose(prepared.value.input, await this._store.getBaseline(key));
      } catch (error) {
        return err({ reason: 'store-failed', detail: `'${key}': ${(error as Error).message}` });
      }
      return err({
        reason: 'awaiting-approval',
        detail: `'${key}': the refreshed baseline was proposed and waits for approval`,
      });
    }
    try {
      const record = await this._store.upsertBaseline(prepared.value.input);
      this._memo.set(key, { ...prepared.value.memo, updatedAt: record.updatedAt });
      return ok(record);
    } catch (error) {
      return err({ reason: 'store-failed', detail: `'${key}': ${(error as Error).message}` });
    }
  }

  /**
   * The baseline of `key` from its kept points (only the points after the last change point
   * when that segment alone has enough), ready to store, and the memo of its sample.
   */
  private _prepare(
    key: string,
    method: BaselineMethod | undefined,
    auto: boolean,
  ): Result<{ input: BaselineInput; memo: BaselineMemo }, BaselineRefusal> {
    const buffer = this._series.get(key);
    if (!buffer) return err({ reason: 'unknown-series', detail: `no data points for '${key}'` });
    if (auto && this._drifting.has(key)) {
      return err({
        reason: 'drift-in-progress',
        detail: `'${key}' drifted from its baseline; automatic updates wait until it resolves`,
      });
    }
    const minSamples = this._o.minSamples ?? 50;
    let { times, values } = buffer.points();
    const changePoints = this._changePoints(times, values);
    const last = changePoints[changePoints.length - 1];
    const sinceChangePoint = last !== undefined && values.length - last.index >= minSamples;
    if (sinceChangePoint) {
      times = times.slice(last.index);
      values = values.slice(last.index);
    }
    const quality = checkQuality(values, {
      minSamples,
      maxInvalidRatio: this._o.maxInvalidRatio ?? 0.1,
    });
    if (!quality.ok) return err({ reason: quality.reason, detail: `'${key}': ${quality.detail}` });
    const chosen = method ?? this.methodFor(key);
    const stats = computeBaseline(quality.finite, chosen, this._o);
    const finiteTimes = times.filter((_, i) => Number.isFinite(values[i]));
    const { location, scale, bandLower, bandUpper, outliersRemoved, ...statistics } = stats;
    const seasonal = seasonalProfiles(finiteTimes, quality.finite, this._o.seasonal);
    // With a daily or weekly profile, drift is judged on seasonally adjusted values, so the
    // rank test's reference sample is adjusted the same way.
    const sample = quality.finite.map(
      (v, i) => v - seasonalOffset(seasonal, location, finiteTimes[i]!),
    );
    const updatedAt = this._now();
    return ok({
      input: {
        ...statistics,
        key,
        metric: buffer.metric,
        method: chosen,
        updatedAt,
        details: {
          location,
          scale,
          bandLower,
          bandUpper,
          outliersRemoved,
          invalidValues: quality.invalid,
          windowStartMillis: finiteTimes[0],
          windowEndMillis: finiteTimes[finiteTimes.length - 1],
          sinceChangePoint,
          seasonal,
        },
      },
      memo: { updatedAt, nextSeq: buffer.nextSeq, sample: thin(sample) },
    });
  }

  /**
   * Refreshes, for every tracked series, a baseline that is missing or older than
   * `autoUpdateIntervalMillis`, unless automatic updates are off, the data fails the quality
   * checks or a drift is in progress. The current baselines are read in one query and, with
   * the `batch` option, the new ones written in transactions of {@link WRITE_BATCH}.
   * A caller that read the stored baselines already passes them as `current` (by key); the
   * baselines written are put there too. Resolves with the keys updated.
   */
  async autoUpdate(current?: Map<string, BaselineRecord>): Promise<string[]> {
    if (this._o.autoUpdate === false) return [];
    const interval = this._o.autoUpdateIntervalMillis ?? 3_600_000;
    current ??= new Map((await this._store.listBaselines()).map((b) => [b.key, b]));
    const known = current;
    const updated: string[] = [];
    let pending: Array<{ input: BaselineInput; memo: BaselineMemo }> = [];
    const flush = async (): Promise<void> => {
      const writes = pending;
      pending = [];
      if (writes.length === 0) return;
      await this._o.batch!((b) => {
        for (const w of writes) b.upsertBaseline(w.input);
      });
      for (const w of writes) {
        const { key } = w.input;
        this._memo.set(key, w.memo);
        updated.push(key);
        // What the store now holds (an update keeps the key's first `createdAt`).
        const at = w.memo.updatedAt;
        known.set(key, {
          ...w.input,
          details: w.input.details ?? {},
          createdAt: known.get(key)?.createdAt ?? at,
          updatedAt: at,
        });
      }
    };
    let visited = 0;
    for (const key of this._series.keys()) {
      if (++visited % YIELD_EVERY === 0) await yieldToEventLoop();
      const stored = current.get(key);
      if (stored && this._now() - stored.updatedAt < interval) continue;
      const gate = this._o.approvalGate;
      if (gate && !(await gate.mayPropose(key, interval))) continue;
      if (!this._o.batch || gate) {
        const r = await this.updateBaseline(key, stored?.method, { auto: true });
        if (r.ok) {
          updated.push(key);
          known.set(key, r.value);
        }
        continue;
      }
      const prepared = this._prepare(key, stored?.method, true);
      if (!prepared.ok) continue;
      pending.push(prepared.value);
      if (pending.length >= WRITE_BATCH) await flush();
    }
    await flush();
    return updated;
  }

  private _changePoints(times: readonly number[], values: readonly number[]): SeriesChangePoint[] {
    if (values.length < 3) return [];
    return detectChangePoints([values], this._o.changePoints ?? {}).map((p) => ({
      ...p,
      timestampMillis: times[p.index]!,
    }));
  }

  /**
   * Tests the recent points of `key` (up to `recentWindow`, newer than its baseline) against
   * the baseline; a new drift is recorded as a drift event. Also reports the change points
   * of the kept points: `always` (default), only when drift is found (`on-drift`, cheaper
   * for many series), or `never`. A caller validating many series may pass each stored
   * `baseline`, read in one query, instead of one read per series.
   */
  async validateBaseline(
    key: string,
    options: {
      changePoints?: 'always' | 'on-drift' | 'never';
      /** The stored baseline of `key` when the caller read it already (null: none). */
      baseline?: BaselineRecord | null;
    } = {},
  ): Promise<BaselineValidation> {
    const buffer = this._series.get(key);
    const points = buffer?.points() ?? { times: [], values: [], firstSeq: 0 };
    const mode = options.changePoints ?? 'always';
    let changePoints = mode === 'always' ? this._changePoints(points.times, points.values) : [];
    const baseline =
      options.baseline === undefined
        ? await this._store.getBaseline(key)
        : (options.baseline ?? undefined);
    if (!baseline) {
      return {
        key,
        valid: false,
        status: 'no-baseline',
        recentCount: 0,
        changePoints,
        suggestedAction: `collect at least ${this._o.minSamples ?? 50} values and update the baseline`,
      };
    }
    let memo = this._memo.get(key);
    if (memo && memo.updatedAt !== baseline.updatedAt) {
      // The stored baseline changed under us (a rollback): its sample is no longer ours.
      this._memo.delete(key);
      memo = undefined;
    }
    const location =
      typeof baseline.details.location === 'number' ? baseline.details.location : baseline.median;
    const seasonal = asSeasonalProfiles(baseline.details.seasonal);
    const recent: number[] = [];
    for (let i = points.values.length - 1; i >= 0; i--) {
      if (recent.length >= (this._o.recentWindow ?? 50)) break;
      const fresh = memo
        ? points.firstSeq + i >= memo.nextSeq
        : points.times[i]! > baseline.updatedAt;
      if (!fresh) break;
      const v = points.values[i]!;
      if (!Number.isFinite(v)) continue;
      recent.push(seasonal ? v - seasonalOffset(seasonal, location, points.times[i]!) : v);
    }
    recent.reverse();
    if (recent.length < (this._o.minRecentSamples ?? DEFAULT_MIN_RECENT_SAMPLES)) {
      return {
        key,
        valid: true,
        status: 'insufficient-data',
        recentCount: recent.length,
        baseline,
        changePoints,
        suggestedAction: 'none yet: too few values since the baseline to judge drift',
      };
    }
    const profile = metricProfile(
      baseline.metric,
      this._o.effectSizeThresholds,
      this._o.effectSizeOverrides,
    );
    const assessment = assessDrift(
      recent,
      driftReferenceOf(baseline, memo?.sample),
      profile,
      this._o.alpha ?? 0.01,
    );
    if (assessment.drift && mode === 'on-drift') {
      changePoints = this._changePoints(points.times, points.values);
    }
    if (assessment.drift && !this._drifting.has(key)) {
      // A drift recorded against this baseline before a restart is the same drift going on.
      const [last] = await this._store.listDriftEvents({ seriesKey: key, limit: 1 });
      if (last && last.detectedAt >= baseline.updatedAt) this._drifting.set(key, last.detectedAt);
    }
    if (assessment.drift && !this._drifting.has(key)) {
      const at = this._now();
      this._drifting.set(key, at);
      const lastCp = changePoints[changePoints.length - 1];
      await this._store.recordDriftEvent({
        metric: baseline.metric,
        seriesKey: key,
        detectedAt: at,
        magnitude: assessment.currentLocation - location,
        confidence: assessment.confidence,
        test: assessment.test,
        details: {
          pValue: assessment.pValue,
          relativeChange: assessment.relativeChange,
          effectSizeThreshold: assessment.effectSizeThreshold,
          direction: assessment.direction,
          baselineLocation: location,
          currentLocation: assessment.currentLocation,
          ...(lastCp ? { changePointMillis: lastCp.timestampMillis } : {}),
        },
      });
    } else if (!assessment.drift) {
      this._drifting.delete(key);
    }
    return {
      key,
      valid: !assessment.drift,
      status: assessment.drift ? 'drift' : 'ok',
      assessment,
      recentCount: recent.length,
      seasonallyAdjusted: seasonal !== undefined,
      baseline,
      changePoints,
      suggestedAction: assessment.suggestedAction,
    };
  }

  /** Whether `key` drifted and has not come back yet, and since when (milliseconds). */
  driftingSince(key: string): number | undefined {
    return this._drifting.get(key);
  }

  /** Snapshots every current baseline under a named version. */
  createBaselineVersion(name: string, notes = ''): Promise<BaselineVersionRecord> {
    return this._store.createBaselineVersion({ name, notes });
  }

  /** All versions, newest first. */
  listBaselineVersions(): Promise<BaselineVersionRecord[]> {
    return this._store.listBaselineVersions();
  }

  /**
   * Differences between version `fromId` and version `toId` (default: the current set).
   * Fails naming a version that does not exist.
   */
  async diffBaselineVersions(
    fromId: string,
    toId?: string,
  ): Promise<Result<BaselineDiffEntry[], string>> {
    const from = await this._store.getBaselineVersion(fromId);
    if (!from) return err(`baseline version '${fromId}' does not exist`);
    let to: BaselineRecord[];
    if (toId === undefined) to = await this._store.listBaselines();
    else {
      const snapshot = await this._store.getBaselineVersion(toId);
      if (!snapshot) return err(`baseline version '${toId}' does not exist`);
      to = snapshot.baselines;
    }
    return ok(diffBaselines(from.baselines, to));
  }

  /**
   * Makes version `id`'s baselines the current ones. Drift states and in-memory samples are
   * reset, since the baselines they refer to are gone.
   */
  async rollbackBaselineVersion(id: string): Promise<Result<BaselineRecord[], string>> {
    const r = await this._store.rollbackBaselineVersion(id);
    if (!r.ok) return err(r.error.message);
    this._memo.clear();
    this._drifting.clear();
    return ok(r.value);
  }

  /** Drift events of the last `days` days, newest first. */
  getDriftHistory(days = 7): Promise<DriftEventRecord[]> {
    return this._store.listDriftEvents({ since: this._now() - days * DAY_MILLIS });
  }

  /** Counts and per-series state. */
  async getBaselineStatus(): Promise<BaselineStatus> {
    const stored = await this._store.listBaselines();
    const byKey = new Map(stored.map((b) => [b.key, b]));
    const recent = await this.getDriftHistory(1);
    const versions = await this._store.listBaselineVersions();
    return {
      baselines: stored.length,
      series: [...this._series.entries()].map(([key, buffer]) => {
        const b = byKey.get(key);
        return {
          key,
          metric: buffer.metric,
          points: buffer.size,
          ...(b ? { method: b.method, updatedAt: b.updatedAt } : {}),
          drifting: this._drifting.has(key),
        };
      }),
      drifting: [...this._drifting.keys()],
      recentDrifts: recent.length,
      versions: versions.length,
      autoUpdateEnabled: this._o.autoUpdate !== false,
      refusedPoints: this._refused,
    };
  }
}
