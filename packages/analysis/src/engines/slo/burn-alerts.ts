/**
 * Multi-window, multi-burn-rate conditions of one SLO group: a row fires while the burn
 * rates over both its long and its short window exceed its threshold; a severity (`page`,
 * `ticket`) fires while any of its rows does. Starting and ending produce findings
 * `slo.burn_rate.page` / `slo.burn_rate.ticket`.
 */
import type { Finding } from '../findings.js';
import { burnRateThreshold, windowName } from './alert-windows.js';
import { exceeds } from './budget-math.js';
import type { BurnAlertWindow } from './alert-windows.js';
import type { BurnAlertStatus } from './types.js';

/** Finding severity per alert severity. */
const FINDING_SEVERITY = { page: 'critical', ticket: 'warning' } as const;

/** Finding kinds. */
export const FINDING_KIND_PAGE = 'slo.burn_rate.page';
export const FINDING_KIND_TICKET = 'slo.burn_rate.ticket';

/** What the group is, for findings. */
export interface AlertSubject {
  sloId: string;
  groupId: string;
  title: string;
  labels: Readonly<Record<string, string>>;
  objective: number;
}

/** Firing state by severity: since when, or absent. */
export type AlertSince = Partial<Record<'page' | 'ticket', number>>;

/**
 * Evaluates the rows with the given burn rates (by window seconds), updates `since` and
 * returns the row statuses and the findings to emit.
 */
export function evaluateBurnAlerts(
  rows: readonly BurnAlertWindow[],
  periodSeconds: number,
  burnRates: ReadonlyMap<number, number | undefined>,
  since: AlertSince,
  subject: AlertSubject,
  atMillis: number,
): { statuses: BurnAlertStatus[]; findings: Finding[] } {
  const statuses: BurnAlertStatus[] = [];
  const firing: Partial<Record<'page' | 'ticket', BurnAlertStatus>> = {};
  for (const row of rows) {
    const threshold = burnRateThreshold(row, periodSeconds);
    const long = burnRates.get(row.longWindowSeconds);
    const short = burnRates.get(row.shortWindowSeconds);
    const fires = exceeds(long, threshold) && exceeds(short, threshold);
    const status: BurnAlertStatus = {
      severity: row.severity,
      longWindow: windowName(row.longWindowSeconds),
      longWindowSeconds: row.longWindowSeconds,
      shortWindow: windowName(row.shortWindowSeconds),
      threshold,
      longBurnRate: long ?? null,
      shortBurnRate: short ?? null,
      firing: fires,
      sinceMillis: null,
    };
    statuses.push(status);
    if (fires && !firing[row.severity]) firing[row.severity] = status;
  }
  const findings: Finding[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    const row = firing[severity];
    const was = since[severity];
    if (row && was === undefined) {
      since[severity] = atMillis;
      findings.push(finding(severity, 'firing', row, subject, atMillis, periodSeconds));
    } else if (!row && was !== undefined) {
      delete since[severity];
      const last = statuses.find((s) => s.severity === severity) as BurnAlertStatus;
      findings.push({
        ...finding(severity, 'resolved', last, subject, was, periodSeconds),
        endsAtMillis: atMillis,
      });
    }
  }
  for (let i = 0; i < statuses.length; i++) {
    const s = statuses[i] as BurnAlertStatus;
    const start = since[s.severity];
    if (s.firing && start !== undefined) statuses[i] = { ...s, sinceMillis: start };
  }
  return { statuses, findings };
}

function finding(
  severity: 'page' | 'ticket',
  state: 'firing' | 'resolved',
  row: BurnAlertStatus,
  subject: AlertSubject,
  startsAtMillis: number,
  periodSeconds: number,
): Finding {
  const long = row.longBurnRate ?? 0;
  const verb = state === 'firing' ? 'burning' : 'no longer burning';
  return {
    engine: 'slo',
    kind: severity === 'page' ? FINDING_KIND_PAGE : FINDING_KIND_TICKET,
    severity: FINDING_SEVERITY[severity],
    state,
    labels: { slo: subject.sloId, slo_group: subject.groupId, ...subject.labels },
    summary:
      `${subject.title} ${labelText(subject.labels)} is ${verb} its error budget ` +
      `(${row.longWindow} burn rate ${round(long)}x, threshold ${round(row.threshold)}x over ${row.longWindow} and ${row.shortWindow})`,
    value: long,
    threshold: row.threshold,
    windowSeconds: row.longWindowSeconds,
    evidence: {
      objective: subject.objective,
      periodSeconds,
      longWindow: row.longWindow,
      shortWindow: row.shortWindow,
      longBurnRate: row.longBurnRate,
      shortBurnRate: row.shortBurnRate,
    },
    suggestedAction:
      severity === 'page'
        ? 'Act now: at this rate the error budget is gone within days; find what changed (deploy, input, hardware) and roll it back or shed load.'
        : 'Plan a fix: the error budget is being spent faster than it accrues.',
    startsAtMillis,
  };
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? `{${parts.join(', ')}}` : '';
}

function round(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : String(value);
}
