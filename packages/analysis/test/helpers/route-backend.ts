/** An API backend for tests of optional route groups (baselines, optimization, ...). */
import type { ApiBackend } from '../../src/api/types.js';

/** The routes every backend serves; tests of an optional route group never call them. */
type CoreRoutes =
  | 'readiness'
  | 'status'
  | 'listSeries'
  | 'recentSamples'
  | 'metricsText'
  | 'listFindings'
  | 'listSlos'
  | 'getSlo';

/** A backend serving `groups`, whose core routes throw `not used` when a test reaches them. */
export function routeBackend(groups: Omit<ApiBackend, CoreRoutes>): ApiBackend {
  const unused = (): never => {
    throw new Error('not used');
  };
  return {
    readiness: unused,
    status: unused,
    listSeries: unused,
    recentSamples: unused,
    metricsText: unused,
    listFindings: unused,
    listSlos: unused,
    getSlo: unused,
    ...groups,
  };
}
