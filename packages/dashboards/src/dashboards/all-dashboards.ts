import { ANALYTICS } from './analytics.js';
import type { DashboardDefinition } from './dashboard-definition.js';
import { OPERATIONS } from './operations.js';
import { OPTIMIZATION_ALERTS } from './optimization-alerts.js';
import { SERVICE_HEALTH } from './service-health.js';
import { SLO_OVERVIEW } from './slo-overview.js';

/** Every generated dashboard, in menu order. */
export const DASHBOARDS: readonly DashboardDefinition[] = [
  SLO_OVERVIEW,
  OPERATIONS,
  ANALYTICS,
  OPTIMIZATION_ALERTS,
  SERVICE_HEALTH,
];
