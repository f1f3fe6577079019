import type { Result } from '../result.js';
import type { ApprovalStore } from './approval-records.js';
import type { FindingStore } from './finding-records.js';
import type { RetentionStore } from './retention-ops.js';
import type {
  AcknowledgementInput,
  AcknowledgementRecord,
  AlertFireResult,
  AlertFiring,
  AlertRecord,
  AlertStatus,
  DeliveryAttemptInput,
  DeliveryAttemptRecord,
  DeliveryStatus,
  SilenceInput,
  SilenceRecord,
} from './alert-records.js';
import type {
  BaselineHistoryEntry,
  BaselineInput,
  BaselineRecord,
  BaselineVersionInput,
  BaselineVersionRecord,
  BaselineVersionSnapshot,
  DriftEventInput,
  DriftEventRecord,
  EpochMillis,
} from './baseline-records.js';
import type {
  AppliedMigration,
  CheckpointInput,
  CheckpointRecord,
  CheckpointSummary,
  OpportunityInput,
  OpportunityRecord,
  OpportunityStatus,
  PruneCounts,
  RemediationRecord,
  RemediationStatus,
  SloRecord,
  SloRecordInput,
  SloStateInput,
  SloStateRecord,
} from './records.js';
import type { RemediationAuditStore } from './remediation-audit.js';
import type { StoreError } from './store-error.js';

/** Which implementation backs a store. */
export type StoreBackend = 'sqlite' | 'postgres';

/**
 * A time-bounded history query. Results are newest first.
 */
export interface TimeRangeQuery {
  /** Only records at or after this time. */
  since?: EpochMillis;
  /** Only records before this time. */
  until?: EpochMillis;
  /**
   * At most this many records (the newest).
   * @default 1000
   */
  limit?: number;
}

/** Filters for `listAlerts`; times apply to `lastSeenAt`. */
export interface AlertQuery extends TimeRangeQuery {
  /** One status or any of several. */
  status?: AlertStatus | readonly AlertStatus[];
  /** Only alerts of this rule. */
  ruleId?: string;
  /** Only alerts of this severity. */
  severity?: string;
}

/** Filters for `listDriftEvents`; times apply to `detectedAt`. */
export interface DriftEventQuery extends TimeRangeQuery {
  /** Only this metric. */
  metric?: string;
  /** Only this series. */
  seriesKey?: string;
}

/** Filters for `listDeliveryAttempts`; times apply to `attemptedAt`. */
export interface DeliveryAttemptQuery extends TimeRangeQuery {
  /** Only attempts for this alert. */
  alertId?: string;
  /** Only this channel. */
  channel?: string;
  /** Only this outcome (`dead-letter` lists the dead letters). */
  status?: DeliveryStatus;
}

/** Filters for `listSloHistory`; times apply to `recordedAt`. */
export interface SloHistoryQuery extends TimeRangeQuery {
  /** Only this SLI. */
  sliId?: string;
  /** Only this SLO (or SLO group). */
  sloId?: string;
  /** Only this window length, in seconds. */
  windowSeconds?: number;
}

/** Filters for `listOpportunities` (ordered by priority, then impact, highest first). */
export interface OpportunityQuery {
  /** One status or any of several. */
  status?: OpportunityStatus | readonly OpportunityStatus[];
  /** Only this category. */
  category?: string;
  /** Only this template. */
  template?: string;
  /** At most this many. */
  limit?: number;
}

/** Filters for `listRemediations` (newest start first). */
export interface RemediationQuery {
  /** Only executions for this opportunity. */
  opportunityId?: string;
  /** Only this status. */
  status?: RemediationStatus;
  /**
   * At most this many.
   * @default 1000
   */
  limit?: number;
}

/** What `health()` reports, for `/readyz`. */
export type StoreHealth =
  | {
      ok: true;
      backend: StoreBackend;
      /** Path or URL with the password removed. */
      location: string;
      /** Schema version on disk. */
      schemaVersion: number;
      /** Round trip of a trivial query, in milliseconds. */
      latencyMillis: number;
    }
  | { ok: false; backend: StoreBackend; location: string; error: string };

/**
 * Writes collected by `batch` and applied in one transaction. Each method takes the same
 * input as the store method of the same name; results are not returned.
 */
export interface StoreBatch {
  /** See {@link MonitoringStore.upsertBaseline}. */
  upsertBaseline(input: BaselineInput): void;
  /** See {@link MonitoringStore.recordDriftEvent}. */
  recordDriftEvent(input: DriftEventInput): void;
  /** See {@link MonitoringStore.fireAlert}. */
  fireAlert(input: AlertFiring): void;
  /** See {@link MonitoringStore.resolveAlert}. */
  resolveAlert(id: string, at: EpochMillis): void;
  /** See {@link MonitoringStore.recordDeliveryAttempt}. */
  recordDeliveryAttempt(input: DeliveryAttemptInput): void;
  /** See {@link MonitoringStore.upsertOpportunity}. */
  upsertOpportunity(input: OpportunityInput): void;
  /** See {@link MonitoringStore.saveRemediation}. */
  saveRemediation(record: RemediationRecord): void;
  /** See {@link MonitoringStore.appendSloRecord}. */
  appendSloRecord(input: SloRecordInput): void;
  /** See {@link MonitoringStore.putCheckpoint}. */
  putCheckpoint(input: CheckpointInput): void;
  /** See {@link MonitoringStore.deleteCheckpoint}. */
  deleteCheckpoint(key: string): void;
}

/** Baselines, their versions and drift events. */
export interface BaselineStore {
  /** Sets the current baseline of `input.key` and appends it to the key's history. */
  upsertBaseline(input: BaselineInput): Promise<BaselineRecord>;
  /** The current baseline of a series key. */
  getBaseline(key: string): Promise<BaselineRecord | undefined>;
  /** Current baselines ordered by key, optionally of one metric. */
  listBaselines(query?: { metric?: string }): Promise<BaselineRecord[]>;
  /** Removes the current baseline of a key (its history stays). Resolves whether it existed. */
  deleteBaseline(key: string): Promise<boolean>;
  /** Past values of one key, newest first; times apply to `updatedAt`. */
  listBaselineHistory(key: string, query?: TimeRangeQuery): Promise<BaselineHistoryEntry[]>;

  /** Snapshots every current baseline under a new version. */
  createBaselineVersion(input: BaselineVersionInput): Promise<BaselineVersionRecord>;
  /** All versions, newest first. */
  listBaselineVersions(): Promise<BaselineVersionRecord[]>;
  /** One version with its baselines. */
  getBaselineVersion(id: string): Promise<BaselineVersionSnapshot | undefined>;
  /**
   * Makes a version's baselines the current ones: current baselines are replaced by exactly
   * the version's set (with `updatedAt` set to now), and each restored baseline is appended to
   * history with `source: 'rollback'`. Fails with `not-found` for an unknown version.
   */
  rollbackBaselineVersion(id: string): Promise<Result<BaselineRecord[], StoreError>>;

  /** Records a detected drift. */
  recordDriftEvent(input: DriftEventInput): Promise<DriftEventRecord>;
  /** Drift events, newest first. */
  listDriftEvents(query?: DriftEventQuery): Promise<DriftEventRecord[]>;
}

/** Alerts, acknowledgements, silences and notification deliveries. */
export interface AlertStore {
  /**
   * Records a firing: opens a new alert, or folds into the open (firing or acknowledged)
   * alert with the same fingerprint, incrementing `count`, widening `[firstSeenAt, lastSeenAt]` and
   * taking the firing's severity, labels and annotations. Safe under concurrent writers.
   */
  fireAlert(input: AlertFiring): Promise<AlertFireResult>;
  /** One alert. */
  getAlert(id: string): Promise<AlertRecord | undefined>;
  /** The open (not resolved) alert with this fingerprint. */
  findOpenAlert(fingerprint: string): Promise<AlertRecord | undefined>;
  /** Resolves an alert (no-op when already resolved); `undefined` when unknown. */
  resolveAlert(id: string, at: EpochMillis): Promise<AlertRecord | undefined>;
  /** Alerts, most recently seen first. */
  listAlerts(query?: AlertQuery): Promise<AlertRecord[]>;
  /**
   * Records an acknowledgement and moves a firing alert to `acknowledged` (a resolved alert
   * keeps its status). Fails with `not-found` for an unknown alert.
   */
  acknowledgeAlert(input: AcknowledgementInput): Promise<Result<AcknowledgementRecord, StoreError>>;
  /** Acknowledgements of an alert, oldest first. */
  listAcknowledgements(alertId: string): Promise<AcknowledgementRecord[]>;

  /** Creates a silence. */
  createSilence(input: SilenceInput): Promise<SilenceRecord>;
  /** One silence. */
  getSilence(id: string): Promise<SilenceRecord | undefined>;
  /** Ends a silence at `at` (if it would end later); `undefined` when unknown. */
  expireSilence(id: string, at: EpochMillis): Promise<SilenceRecord | undefined>;
  /** Silences ordered by start, or only those active at `activeAt` (`startsAt <= t < endsAt`). */
  listSilences(query?: { activeAt?: EpochMillis }): Promise<SilenceRecord[]>;

  /** Records a notification delivery attempt (or a dead letter). */
  recordDeliveryAttempt(input: DeliveryAttemptInput): Promise<DeliveryAttemptRecord>;
  /** Delivery attempts, newest first. */
  listDeliveryAttempts(query?: DeliveryAttemptQuery): Promise<DeliveryAttemptRecord[]>;
  /**
   * Deliveries due at `at`: per alert and channel, the latest attempt when it is `queued` or
   * `failed` with `nextRetryAt <= at`. Ordered by `nextRetryAt`.
   */
  listDueRetries(at: EpochMillis): Promise<DeliveryAttemptRecord[]>;
}

/** Optimization opportunities and remediation executions. */
export interface OpportunityStore {
  /** Inserts or replaces an opportunity by id (keeping `createdAt`). */
  upsertOpportunity(input: OpportunityInput): Promise<OpportunityRecord>;
  /** Changes an opportunity's status; `undefined` when unknown. */
  updateOpportunityStatus(
    id: string,
    status: OpportunityStatus,
    at: EpochMillis,
  ): Promise<OpportunityRecord | undefined>;
  /** One opportunity. */
  getOpportunity(id: string): Promise<OpportunityRecord | undefined>;
  /** Opportunities by priority, then estimated impact, highest first. */
  listOpportunities(query?: OpportunityQuery): Promise<OpportunityRecord[]>;
  /** Inserts or replaces a remediation execution by id. */
  saveRemediation(record: RemediationRecord): Promise<RemediationRecord>;
  /** One remediation execution. */
  getRemediation(id: string): Promise<RemediationRecord | undefined>;
  /** Remediation executions, newest start first. */
  listRemediations(query?: RemediationQuery): Promise<RemediationRecord[]>;
}

/** SLO evaluation history. */
export interface SloHistoryStore {
  /** Appends one SLO evaluation. */
  appendSloRecord(input: SloRecordInput): Promise<SloRecord>;
  /** Appends several SLO evaluations in one transaction. */
  appendSloRecords(inputs: readonly SloRecordInput[]): Promise<void>;
  /** SLO evaluations, newest first. */
  listSloHistory(query?: SloHistoryQuery): Promise<SloRecord[]>;
}

/** The SLO engine's persisted state: one opaque record per SLO (its counters). */
export interface SloStateStore {
  /** Writes (or replaces) the states of several SLOs in one transaction. */
  putSloStates(inputs: readonly SloStateInput[]): Promise<void>;
  /** Every stored SLO state, ordered by SLO id. */
  listSloStates(): Promise<SloStateRecord[]>;
  /** Deletes one SLO's state; resolves whether it existed. */
  deleteSloState(sloId: string): Promise<boolean>;
}

/** Named, versioned checkpoints (the series store's snapshot, engine state). */
export interface CheckpointStore {
  /** Writes (or overwrites) a checkpoint. */
  putCheckpoint(input: CheckpointInput): Promise<CheckpointRecord>;
  /** Reads a checkpoint. */
  getCheckpoint(key: string): Promise<CheckpointRecord | undefined>;
  /** Deletes a checkpoint; resolves whether it existed. */
  deleteCheckpoint(key: string): Promise<boolean>;
  /** Checkpoints without their data, ordered by key. */
  listCheckpoints(): Promise<CheckpointSummary[]>;
}

/**
 * Durable state of the analysis service: the domain stores ({@link BaselineStore},
 * {@link AlertStore}, {@link OpportunityStore}, {@link RemediationAuditStore}, {@link SloHistoryStore},
 * {@link CheckpointStore}, {@link FindingStore}) composed with transactions, pruning and health. Every write is
 * atomic; every method rejects with a {@link StoreError} when the backend fails or the store
 * is closed. Code that needs one domain depends on that domain's interface only.
 */
export interface MonitoringStore
  extends
    BaselineStore,
    AlertStore,
    OpportunityStore,
    RemediationAuditStore,
    SloHistoryStore,
    SloStateStore,
    CheckpointStore,
    FindingStore,
    RetentionStore,
    ApprovalStore {
  /** Which implementation this is. */
  readonly backend: StoreBackend;
  /** Path or URL with the password removed. */
  readonly location: string;

  /**
   * Applies the writes `collect` records, all or nothing, in one transaction. `collect` runs
   * synchronously before anything is written; if it throws, nothing is written.
   */
  batch(collect: (batch: StoreBatch) => void): Promise<void>;
  /**
   * Deletes history older than `before`: baseline history, drift events, SLO history, delivery
   * attempts other than dead letters, and alerts resolved before it.
   */
  pruneHistory(before: EpochMillis): Promise<PruneCounts>;
  /** The migrations applied to this database, in order. */
  listAppliedMigrations(): Promise<AppliedMigration[]>;
  /** Checks the connection; never rejects. */
  health(): Promise<StoreHealth>;
  /** Closes the connection(s); idempotent. Later calls reject with `closed`. */
  close(): Promise<void>;
}
