/**
 * Findings become alerts: the finding's labels plus `alertname` (its kind), `engine` and
 * `severity` identify it; summary, value, threshold, window, suggested action and evidence
 * become annotations, with links to the API when a base URL is known.
 */
import type { Finding } from '../../engines/findings.js';
import { fingerprint } from '../labels.js';
import type { Alert } from '../types.js';
import { formatValue } from './templates.js';

/** Options of {@link findingToAlert}. */
export interface FindingAlertOptions {
  /** Base URL of the API (`http://host:port`), for the `api_url` annotation. */
  apiUrl?: string;
}

/** The alert of a finding (firing or resolved, as the finding). */
export function findingToAlert(finding: Finding, options: FindingAlertOptions = {}): Alert {
  const labels: Record<string, string> = {
    ...finding.labels,
    alertname: finding.kind,
    engine: finding.engine,
    severity: finding.severity,
  };
  const annotations: Record<string, string> = { summary: finding.summary };
  if (finding.value !== undefined) annotations.value = formatValue(finding.value);
  if (finding.threshold !== undefined) annotations.threshold = formatValue(finding.threshold);
  if (finding.windowSeconds !== undefined) annotations.window = `${finding.windowSeconds}s`;
  if (finding.suggestedAction !== undefined) annotations.suggested_action = finding.suggestedAction;
  if (finding.evidence !== undefined) annotations.evidence = JSON.stringify(finding.evidence);
  if (options.apiUrl !== undefined) {
    annotations.api_url = `${options.apiUrl}/api/v1/findings?engine=${encodeURIComponent(finding.engine)}`;
  }
  const resolved = finding.state === 'resolved';
  const endsAt = finding.endsAtMillis ?? finding.startsAtMillis;
  return {
    labels,
    annotations,
    fingerprint: fingerprint(labels),
    ruleId: finding.kind,
    source: 'finding',
    startsAtMillis: finding.startsAtMillis,
    ...(resolved ? { endsAtMillis: endsAt } : {}),
    updatedAtMillis: resolved ? endsAt : finding.startsAtMillis,
    ...(finding.value === undefined ? {} : { value: finding.value }),
  };
}
