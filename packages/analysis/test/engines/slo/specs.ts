/** SLO specs the engine tests share. */
import { DEFAULT_BURN_ALERT_WINDOWS } from '../../../src/engines/slo/alert-windows.js';
import type { SloSpec } from '../../../src/engines/slo/types.js';

/** Error ratio from two counters (`ops` all operations, `errors` failed ones), 99.9 %, 30 d. */
export function errorSpec(extra: Partial<SloSpec> = {}): SloSpec {
  return {
    id: 'errors',
    title: 'Errors',
    description: 'Failed operations',
    display: 'bad_ratio',
    indicator: {
      kind: 'ratio',
      total: { metric: 'ops', quantity: 'sum' },
      bad: { metric: 'errors', quantity: 'sum' },
    },
    objective: 0.999,
    budgeting: { method: 'occurrences' },
    window: { kind: 'rolling', seconds: 30 * 86_400 },
    groupBy: ['service.name'],
    alertWindows: DEFAULT_BURN_ALERT_WINDOWS,
    origin: 'test',
    ...extra,
  };
}
