import type {
  AcknowledgementRecord,
  AlertRecord,
  DeliveryAttemptRecord,
  SilenceRecord,
} from './alert-records.js';
import type {
  BaselineHistoryEntry,
  BaselineRecord,
  BaselineVersionRecord,
  DriftEventRecord,
} from './baseline-records.js';
import { column, type TableSpec } from './columns.js';
import type {
  AppliedMigration,
  CheckpointRecord,
  OpportunityRecord,
  RemediationRecord,
  SloRecord,
  SloStateRecord,
} from './records.js';

// Field-to-column mappings of every table. The DDL lives in `migrations.ts`; a test checks
// that both agree by round-tripping every record kind.

const BASELINE_COLUMNS: TableSpec<BaselineRecord>['columns'] = {
  key: column('series_key', 'text'),
  metric: column('metric', 'text'),
  method: column('method', 'text'),
  p50: column('p50', 'real'),
  p95: column('p95', 'real'),
  p99: column('p99', 'real'),
  mean: column('mean', 'real'),
  std: column('std', 'real'),
  median: column('median', 'real'),
  mad: column('mad', 'real'),
  ciLower: column('ci_lower', 'real'),
  ciUpper: column('ci_upper', 'real'),
  ciLevel: column('ci_level', 'real'),
  sampleCount: column('sample_count', 'integer'),
  details: column('details', 'json'),
  createdAt: column('created_at', 'integer'),
  updatedAt: column('updated_at', 'integer'),
};

/** Current baselines; also the column layout of version entries. */
export const BASELINES: TableSpec<BaselineRecord> = {
  table: 'baselines',
  columns: BASELINE_COLUMNS,
};

/** Baselines captured by a version (plus a `version_id` column). */
export const VERSION_ENTRIES: TableSpec<BaselineRecord> = {
  table: 'baseline_version_entries',
  columns: BASELINE_COLUMNS,
};

/** Every past baseline value. */
export const BASELINE_HISTORY: TableSpec<BaselineHistoryEntry> = {
  table: 'baseline_history',
  columns: {
    id: column('id', 'integer'),
    source: column('source', 'text'),
    versionId: column('version_id', 'text', true),
    ...BASELINE_COLUMNS,
  },
};

/** Baseline versions. */
export const BASELINE_VERSIONS: TableSpec<BaselineVersionRecord> = {
  table: 'baseline_versions',
  columns: {
    id: column('id', 'text'),
    name: column('name', 'text'),
    notes: column('notes', 'text'),
    createdAt: column('created_at', 'integer'),
    baselineCount: column('baseline_count', 'integer'),
  },
};

/** Drift events. */
export const DRIFT_EVENTS: TableSpec<DriftEventRecord> = {
  table: 'drift_events',
  columns: {
    id: column('id', 'text'),
    metric: column('metric', 'text'),
    seriesKey: column('series_key', 'text'),
    detectedAt: column('detected_at', 'integer'),
    magnitude: column('magnitude', 'real'),
    confidence: column('confidence', 'real'),
    test: column('test', 'text'),
    details: column('details', 'json'),
  },
};

/** Alerts. */
export const ALERTS: TableSpec<AlertRecord> = {
  table: 'alerts',
  columns: {
    id: column('id', 'text'),
    ruleId: column('rule_id', 'text'),
    fingerprint: column('fingerprint', 'text'),
    severity: column('severity', 'text'),
    category: column('category', 'text'),
    status: column('status', 'text'),
    labels: column('labels', 'json'),
    annotations: column('annotations', 'json'),
    firstSeenAt: column('first_seen_at', 'integer'),
    lastSeenAt: column('last_seen_at', 'integer'),
    count: column('occurrences', 'integer'),
    acknowledgedAt: column('acknowledged_at', 'integer', true),
    resolvedAt: column('resolved_at', 'integer', true),
  },
};

/** Acknowledgements. */
export const ACKNOWLEDGEMENTS: TableSpec<AcknowledgementRecord> = {
  table: 'alert_acknowledgements',
  columns: {
    id: column('id', 'integer'),
    alertId: column('alert_id', 'text'),
    by: column('acknowledged_by', 'text'),
    at: column('acknowledged_at', 'integer'),
    comment: column('comment', 'text', true),
  },
};

/** Silences. */
export const SILENCES: TableSpec<SilenceRecord> = {
  table: 'silences',
  columns: {
    id: column('id', 'text'),
    matchers: column('matchers', 'json'),
    startsAt: column('starts_at', 'integer'),
    endsAt: column('ends_at', 'integer'),
    createdBy: column('created_by', 'text'),
    comment: column('comment', 'text'),
    createdAt: column('created_at', 'integer'),
  },
};

/** Alert delivery attempts and dead letters. */
export const DELIVERIES: TableSpec<DeliveryAttemptRecord> = {
  table: 'alert_deliveries',
  columns: {
    id: column('id', 'integer'),
    alertId: column('alert_id', 'text'),
    channel: column('channel', 'text'),
    attempt: column('attempt', 'integer'),
    status: column('status', 'text'),
    attemptedAt: column('attempted_at', 'integer'),
    error: column('error', 'text', true),
    nextRetryAt: column('next_retry_at', 'integer', true),
    payload: column('payload', 'json', true),
  },
};

/** Optimization opportunities. */
export const OPPORTUNITIES: TableSpec<OpportunityRecord> = {
  table: 'opportunities',
  columns: {
    id: column('id', 'text'),
    template: column('template', 'text'),
    category: column('category', 'text'),
    title: column('title', 'text'),
    priority: column('priority', 'real'),
    estimatedImpact: column('estimated_impact', 'real'),
    status: column('status', 'text'),
    seriesKey: column('series_key', 'text', true),
    details: column('details', 'json'),
    createdAt: column('created_at', 'integer'),
    updatedAt: column('updated_at', 'integer'),
  },
};

/** Remediation executions. */
export const REMEDIATIONS: TableSpec<RemediationRecord> = {
  table: 'remediations',
  columns: {
    id: column('id', 'text'),
    opportunityId: column('opportunity_id', 'text'),
    action: column('action', 'text'),
    status: column('status', 'text'),
    accuracyBefore: column('accuracy_before', 'real', true),
    accuracyAfter: column('accuracy_after', 'real', true),
    rolledBack: column('rolled_back', 'boolean'),
    startedAt: column('started_at', 'integer'),
    finishedAt: column('finished_at', 'integer', true),
    error: column('error', 'text', true),
    details: column('details', 'json'),
  },
};

/** SLO evaluations. */
export const SLO_HISTORY: TableSpec<SloRecord> = {
  table: 'slo_history',
  columns: {
    id: column('id', 'integer'),
    sliId: column('sli_id', 'text'),
    windowSeconds: column('window_seconds', 'real'),
    recordedAt: column('recorded_at', 'integer'),
    value: column('value', 'real'),
    target: column('target', 'real'),
    compliant: column('compliant', 'boolean'),
    errorBudgetRemaining: column('error_budget_remaining', 'real'),
    burnRates: column('burn_rates', 'json'),
    sloId: column('slo_id', 'text'),
  },
};

/** The SLO engine's persisted state. */
export const SLO_STATE: TableSpec<SloStateRecord> = {
  table: 'slo_state',
  columns: {
    sloId: column('slo_id', 'text'),
    version: column('format_version', 'integer'),
    data: column('data', 'json'),
    updatedAt: column('updated_at', 'integer'),
  },
};

/** Checkpoints. */
export const CHECKPOINTS: TableSpec<CheckpointRecord> = {
  table: 'checkpoints',
  columns: {
    key: column('checkpoint_key', 'text'),
    version: column('format_version', 'integer'),
    data: column('data', 'json'),
    updatedAt: column('updated_at', 'integer'),
  },
};

/** The migrations table. */
export const MIGRATIONS: TableSpec<AppliedMigration> = {
  table: 'schema_migrations',
  columns: {
    version: column('version', 'integer'),
    name: column('name', 'text'),
    appliedAt: column('applied_at', 'integer'),
  },
};
