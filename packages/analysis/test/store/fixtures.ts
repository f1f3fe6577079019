import type {
  AlertFiring,
  DeliveryAttemptInput,
  SilenceInput,
} from '../../src/store/alert-records.js';
import type { BaselineInput, DriftEventInput } from '../../src/store/baseline-records.js';
import type {
  OpportunityInput,
  RemediationRecord,
  SloRecordInput,
} from '../../src/store/records.js';

/** A settable clock for store-assigned timestamps. */
export interface TestClock {
  now(): number;
  set(at: number): void;
  advance(millis: number): number;
}

/** A clock starting at `start` (2025-01-01T00:00:00Z by default). */
export function createTestClock(start = Date.UTC(2025, 0, 1)): TestClock {
  let current = start;
  return {
    now: () => current,
    set: (at) => void (current = at),
    advance: (millis) => (current += millis),
  };
}

/** A baseline with distinct values in every statistic. */
export function baselineInput(
  key: string,
  scale = 1,
  extra: Partial<BaselineInput> = {},
): BaselineInput {
  return {
    key,
    metric: 'heterodyne.operation.duration',
    method: 'percentile',
    p50: 1.25 * scale,
    p95: 2.5 * scale,
    p99: 3.125 * scale,
    mean: 1.4 * scale,
    std: 0.3 * scale,
    median: 1.25 * scale,
    mad: 0.2 * scale,
    ciLower: 1.1 * scale,
    ciUpper: 1.7 * scale,
    ciLevel: 0.95,
    sampleCount: 100 * scale,
    details: { labels: { operation: key }, window: [0, 60] },
    ...extra,
  };
}

/** A drift event. */
export function driftInput(
  seriesKey: string,
  detectedAt: number,
  extra: Partial<DriftEventInput> = {},
): DriftEventInput {
  return {
    metric: 'heterodyne.operation.duration',
    seriesKey,
    detectedAt,
    magnitude: -0.75,
    confidence: 0.99,
    test: 'mann-whitney',
    details: { pValue: 0.001, before: { n: 50 }, after: { n: 40 } },
    ...extra,
  };
}

/** A firing of a rule. */
export function firing(
  fingerprint: string,
  at: number,
  extra: Partial<AlertFiring> = {},
): AlertFiring {
  return {
    ruleId: 'response_time_critical',
    fingerprint,
    severity: 'critical',
    category: 'performance',
    labels: { alertname: 'ResponseTime', operation: 'fit' },
    annotations: { summary: 'p95 above 3 s' },
    at,
    ...extra,
  };
}

/** A silence of `operation=fit`. */
export function silenceInput(
  startsAt: number,
  endsAt: number,
  extra: Partial<SilenceInput> = {},
): SilenceInput {
  return {
    matchers: [
      { name: 'operation', value: 'fit', isRegex: false, isEqual: true },
      { name: 'severity', value: 'warn.*', isRegex: true, isEqual: false },
    ],
    startsAt,
    endsAt,
    createdBy: 'alice',
    comment: 'maintenance',
    ...extra,
  };
}

/** A delivery attempt. */
export function deliveryInput(
  alertId: string,
  attempt: number,
  extra: Partial<DeliveryAttemptInput> = {},
): DeliveryAttemptInput {
  return {
    alertId,
    channel: 'slack',
    attempt,
    status: 'failed',
    attemptedAt: 1_000 * attempt,
    error: 'HTTP 503',
    nextRetryAt: 1_000 * attempt + 500,
    payload: { text: 'p95 above 3 s', blocks: [1, 2] },
    ...extra,
  };
}

/** An optimization opportunity. */
export function opportunityInput(
  id: string,
  extra: Partial<OpportunityInput> = {},
): OpportunityInput {
  return {
    id,
    template: 'vectorize-loop',
    category: 'algorithm',
    title: `Vectorize ${id}`,
    priority: 5,
    estimatedImpact: 0.25,
    seriesKey: `series-${id}`,
    details: { evidence: { p95: 3.2 } },
    ...extra,
  };
}

/** A remediation execution. */
export function remediation(
  id: string,
  opportunityId: string,
  extra: Partial<RemediationRecord> = {},
): RemediationRecord {
  return {
    id,
    opportunityId,
    action: 'cache_tune',
    status: 'running',
    accuracyBefore: 0.9995,
    rolledBack: false,
    startedAt: 5_000,
    details: { cacheSize: 256 },
    ...extra,
  };
}

/** An SLO evaluation. */
export function sloInput(
  sliId: string,
  recordedAt: number,
  extra: Partial<SloRecordInput> = {},
): SloRecordInput {
  return {
    sliId,
    windowSeconds: 3600,
    recordedAt,
    value: 0.9991,
    target: 0.999,
    compliant: true,
    errorBudgetRemaining: 0.1,
    burnRates: { '1h': 14.4, '6h': 6 },
    ...extra,
  };
}
