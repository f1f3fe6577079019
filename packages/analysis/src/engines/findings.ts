/**
 * Findings: the typed events engines raise (a burn rate above its threshold, an anomaly, a
 * drift) and later resolve. Alerting consumes them; the runtime logs them and keeps the
 * recent ones for `GET /api/v1/findings`.
 */

/** How urgent a finding is. */
export type FindingSeverity = 'info' | 'warning' | 'error' | 'critical';

/** Whether the condition of a finding holds (`firing`) or no longer does (`resolved`). */
export type FindingState = 'firing' | 'resolved';

/** The finding severities, least urgent first. */
export const FINDING_SEVERITIES: readonly FindingSeverity[] = [
  'info',
  'warning',
  'error',
  'critical',
];

/** A typed event an engine raises; alerting consumes these. Identity = engine + kind + labels. */
export interface Finding {
  /** The engine that raised it (`slo`, `anomaly`, ...). */
  engine: string;
  /** What kind of condition (`slo.burn_rate.page`, `anomaly`, `drift`, ...). */
  kind: string;
  /** How urgent. */
  severity: FindingSeverity;
  /** Firing, or resolved (then `endsAtMillis` is set). */
  state: FindingState;
  /** Identity within the engine and kind: SLO id, operation, condition ... */
  labels: Readonly<Record<string, string>>;
  /** One line for people. */
  summary: string;
  /** The measured value (e.g. a burn rate). */
  value?: number;
  /** What the value was compared with. */
  threshold?: number;
  /** The (long) window the value was measured over, in seconds. */
  windowSeconds?: number;
  /** The numbers behind the finding (JSON-able). */
  evidence?: Readonly<Record<string, unknown>>;
  /** What a person could do about it. */
  suggestedAction?: string;
  /** When the condition started, ms since the epoch. */
  startsAtMillis: number;
  /** When the condition ended, ms since the epoch; set when resolved. */
  endsAtMillis?: number;
}

/**
 * The identity of a finding as one string: engine, kind and labels (sorted by name). Two
 * findings with the same identity are the same condition (a firing and its resolution).
 */
export function findingIdentity(finding: Pick<Finding, 'engine' | 'kind' | 'labels'>): string {
  const labels = Object.keys(finding.labels)
    .sort()
    .map((name) => [name, finding.labels[name]]);
  return JSON.stringify([finding.engine, finding.kind, labels]);
}
