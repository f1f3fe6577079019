import type { EpochMillis } from './baseline-records.js';

/** Lifecycle of an optimization opportunity. */
export type OpportunityStatus = 'open' | 'accepted' | 'applied' | 'dismissed' | 'rolled-back';

/** What `upsertOpportunity` needs. */
export interface OpportunityInput {
  /** Opportunity id; engines derive it from template and series so re-detection updates it. */
  id: string;
  /** Optimization template that produced it. */
  template: string;
  /** Category, e.g. `algorithm`, `memory`, `io`, `numerical`. */
  category: string;
  /** One-line title. */
  title: string;
  /** Priority; higher is more urgent. */
  priority: number;
  /** Estimated improvement as a ratio (0.25 = 25 % less time or memory). */
  estimatedImpact: number;
  /**
   * Lifecycle status.
   * @default 'open'
   */
  status?: OpportunityStatus;
  /** Series the opportunity was found on, if any. */
  seriesKey?: string;
  /**
   * Open-ended extras (evidence, suggested action). Must be JSON-serialisable.
   * @default {}
   */
  details?: Record<string, unknown>;
  /**
   * When it was detected or last updated.
   * @default the store's clock
   */
  at?: EpochMillis;
}

/** A stored optimization opportunity. */
export interface OpportunityRecord extends Omit<OpportunityInput, 'at' | 'status' | 'details'> {
  /** Lifecycle status. */
  status: OpportunityStatus;
  /** Open-ended extras. */
  details: Record<string, unknown>;
  /** When it was first stored; kept across updates. */
  createdAt: EpochMillis;
  /** Last change. */
  updatedAt: EpochMillis;
}

/** Lifecycle of a remediation execution. */
export type RemediationStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'rolled-back';

/** One execution of a remediation action; saved whole (insert or replace by id). */
export interface RemediationRecord {
  /** Execution id. */
  id: string;
  /** The opportunity acted on. */
  opportunityId: string;
  /** Remediation action name (a registered callback). */
  action: string;
  /** Lifecycle status. */
  status: RemediationStatus;
  /** Accuracy measured before the change, a ratio. */
  accuracyBefore?: number;
  /** Accuracy measured after the change, a ratio. */
  accuracyAfter?: number;
  /** Whether the change was rolled back (e.g. on accuracy loss). */
  rolledBack: boolean;
  /** When the execution started. */
  startedAt: EpochMillis;
  /** When it finished. */
  finishedAt?: EpochMillis;
  /** Error message of a failed execution. */
  error?: string;
  /** Open-ended extras (parameters, test-mode results). Must be JSON-serialisable. */
  details: Record<string, unknown>;
}

/** What `appendSloRecord` needs: one evaluation of an SLI over a window. */
export interface SloRecordInput {
  /**
   * The SLO (or SLO group, `error_rate-3f9a1c20`) evaluated.
   * @default sliId
   */
  sloId?: string;
  /** SLI id, from `SLIS` in `@heterodyne/semconv` (or the SLO's id for a user-defined SLI). */
  sliId: string;
  /** Length of the evaluation window, in seconds. */
  windowSeconds: number;
  /** Evaluation time. */
  recordedAt: EpochMillis;
  /** SLI value over the window, in the SLI's unit. */
  value: number;
  /** SLO target for the SLI, in the same unit. */
  target: number;
  /** Whether `value` meets `target`. */
  compliant: boolean;
  /** Fraction of the error budget left, in `[0, 1]` (negative when overspent). */
  errorBudgetRemaining: number;
  /**
   * Burn rates by window name, e.g. `{ '1h': 14.4, '6h': 6 }`.
   * @default {}
   */
  burnRates?: Record<string, number>;
}

/** A stored SLO evaluation. */
export interface SloRecord extends Required<SloRecordInput> {
  /** Store-assigned, increasing with insertion order. */
  id: number;
}

/** What `putSloStates` needs: one SLO's persisted engine state (counters, last totals). */
export interface SloStateInput {
  /** SLO id (one record per SLO, replaced on each write). */
  sloId: string;
  /** Format version of `data`, so a reader can refuse an old layout. */
  version: number;
  /** Opaque JSON-serialisable state. */
  data: unknown;
}

/** A stored SLO state. */
export interface SloStateRecord extends SloStateInput {
  /** When it was written (store clock). */
  updatedAt: EpochMillis;
}

/** What `putCheckpoint` needs. */
export interface CheckpointInput {
  /** Checkpoint key, e.g. `series-store`. */
  key: string;
  /** Format version of `data`, so a reader can refuse or convert an old layout. */
  version: number;
  /** Opaque JSON-serialisable state. */
  data: unknown;
}

/** A stored checkpoint. */
export interface CheckpointRecord extends CheckpointInput {
  /** When it was written (store clock). */
  updatedAt: EpochMillis;
}

/** A checkpoint without its data, as listed. */
export type CheckpointSummary = Omit<CheckpointRecord, 'data'>;

/** A migration recorded as applied. */
export interface AppliedMigration {
  /** Schema version the migration brings the store to. */
  version: number;
  /** Migration name. */
  name: string;
  /** When it was applied (store clock). */
  appliedAt: EpochMillis;
}

/** What `pruneHistory` deleted, per table. */
export interface PruneCounts {
  /** Baseline history entries. */
  baselineHistory: number;
  /** Drift events. */
  driftEvents: number;
  /** SLO evaluations. */
  sloHistory: number;
  /** Delivery attempts (dead letters are kept). */
  deliveryAttempts: number;
  /** Resolved alerts, with their acknowledgements. */
  resolvedAlerts: number;
}
