/**
 * Exports every SLO group's latest status as the `heterodyne.slo.*` gauges (names and
 * descriptions from `@heterodyne/semconv`), read at each collection. Undefined values are
 * left out, so no NaN reaches an exporter.
 */
import {
  ATTR_SLO_ALERT_SEVERITY,
  ATTR_SLO_ID,
  ATTR_SLO_WINDOW,
  METRIC_SLO_ALERT_FIRING,
  METRIC_SLO_BURN_RATE,
  METRIC_SLO_ERROR_BUDGET_REMAINING,
  METRIC_SLO_OBJECTIVE,
  METRIC_SLO_SLI,
  METRIC_SLO_TIME_TO_EXHAUSTION,
  SLO_METRICS,
} from '@heterodyne/semconv';
import type { Attributes } from '@opentelemetry/api';
import type { DerivedMetrics } from '../../telemetry/derived-metrics.js';
import type { SloGroupStatus } from './types.js';

type Observe = (value: number, attributes?: Attributes) => void;

const READERS: Record<string, (s: SloGroupStatus, base: Attributes, observe: Observe) => void> = {
  [METRIC_SLO_SLI]: (s, base, observe) => {
    if (s.sli !== null) observe(s.sli, base);
  },
  [METRIC_SLO_OBJECTIVE]: (s, base, observe) => observe(s.objective, base),
  [METRIC_SLO_ERROR_BUDGET_REMAINING]: (s, base, observe) => {
    if (s.total > 0) observe(s.budgetRemaining, base);
  },
  [METRIC_SLO_BURN_RATE]: (s, base, observe) => {
    for (const [window, rate] of Object.entries(s.burnRates)) {
      if (rate !== null && Number.isFinite(rate))
        observe(rate, { ...base, [ATTR_SLO_WINDOW]: window });
    }
  },
  [METRIC_SLO_TIME_TO_EXHAUSTION]: (s, base, observe) => {
    if (s.timeToExhaustionSeconds !== null) observe(s.timeToExhaustionSeconds, base);
  },
  [METRIC_SLO_ALERT_FIRING]: (s, base, observe) => {
    for (const severity of ['page', 'ticket'] as const) {
      const rows = s.alerts.filter((a) => a.severity === severity);
      if (rows.length === 0) continue;
      observe(rows.some((a) => a.firing) ? 1 : 0, { ...base, [ATTR_SLO_ALERT_SEVERITY]: severity });
    }
  },
};

/** Registers the SLO gauges; returns a function that unregisters them. */
export function exportSloMetrics(
  metrics: DerivedMetrics,
  statuses: () => readonly SloGroupStatus[],
): () => void {
  const unregister = SLO_METRICS.map((definition) => {
    const read = READERS[definition.name];
    return metrics.registerGauge(
      { name: definition.name, description: definition.description, unit: definition.unit },
      (observe) => {
        if (!read) return;
        for (const s of statuses()) read(s, { ...s.labels, [ATTR_SLO_ID]: s.sloId }, observe);
      },
    );
  });
  return () => {
    for (const u of unregister) u();
  };
}
