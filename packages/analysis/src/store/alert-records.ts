import type { EpochMillis } from './baseline-records.js';

/** Lifecycle of an alert. Only one non-resolved alert exists per fingerprint. */
export type AlertStatus = 'firing' | 'acknowledged' | 'resolved';

/** A firing condition, as alert evaluation reports it each time it holds. */
export interface AlertFiring {
  /**
   * Id for the alert if this firing creates one.
   * @default a random UUID
   */
  id?: string;
  /** The rule that fired. */
  ruleId: string;
  /** Deduplication key: firings with the same fingerprint fold into one open alert. */
  fingerprint: string;
  /** Severity, e.g. `info`, `warning`, `critical` (the alerting config defines the set). */
  severity: string;
  /** Category, e.g. `performance`, `accuracy`, `memory`, `security`, `system`. */
  category: string;
  /**
   * Identifying labels (Alertmanager style).
   * @default {}
   */
  labels?: Record<string, string>;
  /**
   * Descriptive annotations (summary, description, runbook).
   * @default {}
   */
  annotations?: Record<string, string>;
  /** When the condition was observed. */
  at: EpochMillis;
}

/** An alert: one open incident per fingerprint, or a resolved one kept as history. */
export interface AlertRecord {
  /** Alert id. */
  id: string;
  /** The rule that fired. */
  ruleId: string;
  /** Deduplication key. */
  fingerprint: string;
  /** Severity of the latest firing. */
  severity: string;
  /** Category of the latest firing. */
  category: string;
  /** Lifecycle status. */
  status: AlertStatus;
  /** Labels of the latest firing. */
  labels: Record<string, string>;
  /** Annotations of the latest firing. */
  annotations: Record<string, string>;
  /** First firing. */
  firstSeenAt: EpochMillis;
  /** Latest firing. */
  lastSeenAt: EpochMillis;
  /** How many firings folded into this alert (1 for a new alert). */
  count: number;
  /** When it was first acknowledged. */
  acknowledgedAt?: EpochMillis;
  /** When it was resolved. */
  resolvedAt?: EpochMillis;
}

/** What `fireAlert` returns. */
export interface AlertFireResult {
  /** The alert after the firing. */
  alert: AlertRecord;
  /** `true` when the firing opened a new alert, `false` when it folded into an open one. */
  created: boolean;
}

/** What `acknowledgeAlert` needs. */
export interface AcknowledgementInput {
  /** The alert acknowledged. */
  alertId: string;
  /** Who acknowledged it (user name, on-call handle or `system`). */
  by: string;
  /** When. */
  at: EpochMillis;
  /** Optional note. */
  comment?: string;
}

/** An acknowledgement of an alert. */
export interface AcknowledgementRecord extends AcknowledgementInput {
  /** Store-assigned, increasing with insertion order. */
  id: number;
}

/** One label matcher of a silence (Alertmanager's matcher shape). */
export interface SilenceMatcher {
  /** Label name. */
  name: string;
  /** Value, or a regular expression when `isRegex`. */
  value: string;
  /** Whether `value` is a regular expression. */
  isRegex: boolean;
  /** `true` for `=`/`=~`, `false` for `!=`/`!~`. */
  isEqual: boolean;
}

/** What `createSilence` needs. */
export interface SilenceInput {
  /**
   * Silence id.
   * @default a random UUID
   */
  id?: string;
  /** All must match an alert's labels for it to be silenced. */
  matchers: SilenceMatcher[];
  /** Start of the silence (inclusive). */
  startsAt: EpochMillis;
  /** End of the silence (exclusive). */
  endsAt: EpochMillis;
  /** Who created it. */
  createdBy: string;
  /**
   * Why.
   * @default ''
   */
  comment?: string;
}

/** A silence. */
export interface SilenceRecord extends Required<SilenceInput> {
  /** When it was created (store clock). */
  createdAt: EpochMillis;
}

/**
 * Outcome of one delivery attempt of an alert notification; `queued` records a notification
 * accepted for delivery and not yet attempted (attempt 0), so it survives a restart.
 */
export type DeliveryStatus = 'queued' | 'delivered' | 'failed' | 'dead-letter';

/** What `recordDeliveryAttempt` needs. */
export interface DeliveryAttemptInput {
  /** The alert notified about. */
  alertId: string;
  /** Channel id from the alerting config (e.g. `email`, `slack`). */
  channel: string;
  /** Attempt number, 1 for the first. */
  attempt: number;
  /** Outcome; `dead-letter` means retries are exhausted. */
  status: DeliveryStatus;
  /** When the attempt was made. */
  attemptedAt: EpochMillis;
  /** Error message of a failed attempt. */
  error?: string;
  /** When to retry a `failed` attempt (or first attempt a `queued` one). */
  nextRetryAt?: EpochMillis;
  /** The notification payload, kept so a dead letter can be replayed. Must be JSON-serialisable. */
  payload?: unknown;
}

/** A recorded delivery attempt. */
export interface DeliveryAttemptRecord extends DeliveryAttemptInput {
  /** Store-assigned, increasing with insertion order. */
  id: number;
}
