/**
 * The service's resolved SLOs as the plain definitions the Prometheus rule generator takes:
 * the budget period in seconds, and each alert row's burn-rate threshold computed by the SLO
 * engine's own `burnRateThreshold`, over the engine's own burn-rate windows, so the rules fire
 * on exactly the conditions the live engine pages and tickets on.
 */
import type { RuleSloDefinition, SkippedSlo } from '@heterodyne/dashboards';
import {
  burnRateThreshold,
  DEFAULT_BURN_RATE_WINDOWS_SECONDS,
} from '../engines/slo/alert-windows.js';
import { longestPeriodSeconds } from '../engines/slo/budget-window.js';
import type { SloSpec } from '../engines/slo/types.js';

/** The definitions, and the SLOs Prometheus rules cannot express. */
export interface SloRuleDefinitions {
  definitions: RuleSloDefinition[];
  skipped: SkippedSlo[];
}

/**
 * Converts resolved SLOs. A calendar budget window becomes a rolling window of the longest
 * such period (Prometheus windows do not reset at calendar boundaries); an event ratio budgeted
 * in time slices is left out (the rules count events).
 */
export function sloRuleDefinitionsOf(specs: readonly SloSpec[]): SloRuleDefinitions {
  const definitions: RuleSloDefinition[] = [];
  const skipped: SkippedSlo[] = [];
  for (const spec of specs) {
    if (spec.budgeting.method === 'timeslices' && spec.indicator.kind !== 'gauge') {
      skipped.push({
        id: spec.id,
        reason: 'event ratios budgeted in time slices have no Prometheus rule form here',
      });
      continue;
    }
    const periodSeconds = longestPeriodSeconds(spec.window);
    definitions.push({
      id: spec.id,
      title: spec.title,
      description: spec.description,
      objective: spec.objective,
      indicator: spec.indicator,
      ...(spec.budgeting.method === 'timeslices'
        ? { sliceSeconds: spec.budgeting.sliceSeconds }
        : {}),
      periodSeconds,
      groupBy: spec.groupBy,
      alerts: spec.alertWindows.map((row) => ({
        severity: row.severity,
        longWindowSeconds: row.longWindowSeconds,
        shortWindowSeconds: row.shortWindowSeconds,
        burnRateThreshold: burnRateThreshold(row, periodSeconds),
      })),
      windowsSeconds: DEFAULT_BURN_RATE_WINDOWS_SECONDS,
      origin: spec.origin,
    });
  }
  return { definitions, skipped };
}
