/**
 * What the API and the CLI show of the SLO engine: each SLO with its groups, and one group
 * with its stored history. Plain JSON (times in ms since the epoch and ISO 8601).
 */
import type { SloRecord } from '../../store/records.js';
import type { Engine } from '../engine.js';
import { describeWindow } from './budget-window.js';
import type { SloEngine } from './slo-engine.js';
import type { SloGroupStatus, SloSpec } from './types.js';

/** One SLO as `GET /api/v1/slos` lists it. */
export interface SloView {
  id: string;
  title: string;
  description: string;
  sliId: string | null;
  objective: number;
  window: string;
  budgetingMethod: 'occurrences' | 'timeslices';
  indicator: SloSpec['indicator'];
  groupBy: readonly string[];
  origin: string;
  /** Its groups at the last evaluation; empty before any data (no data yet). */
  groups: SloGroupStatus[];
}

/** One history entry of a group. */
export interface SloHistoryView {
  recordedAt: string;
  recordedAtMillis: number;
  sli: number;
  budgetRemaining: number;
  compliant: boolean;
  burnRates: Record<string, number>;
}

/** `GET /api/v1/slos/{id}` for a group id. */
export interface SloGroupView {
  slo: Omit<SloView, 'groups'>;
  status: SloGroupStatus;
  history: SloHistoryView[];
}

/** Whether an engine is the SLO engine. */
export function isSloEngine(engine: Engine | undefined): engine is SloEngine {
  return engine !== undefined && engine.name === 'slo' && 'statuses' in engine && 'specs' in engine;
}

function specView(spec: SloSpec): Omit<SloView, 'groups'> {
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    sliId: spec.sliId ?? null,
    objective: spec.objective,
    window: describeWindow(spec.window),
    budgetingMethod: spec.budgeting.method,
    indicator: spec.indicator,
    groupBy: spec.groupBy,
    origin: spec.origin,
  };
}

/** Every SLO with its groups. */
export function listSloViews(engine: SloEngine): SloView[] {
  const statuses = engine.statuses();
  return engine.specs.map((spec) => ({
    ...specView(spec),
    groups: statuses.filter((s) => s.sloId === spec.id),
  }));
}

/** One SLO (by SLO id) with its groups, or one group (by group id) with its history. */
export async function getSloView(
  engine: SloEngine,
  id: string,
  query: { since?: number; limit: number },
): Promise<SloView | SloGroupView | undefined> {
  const spec = engine.specs.find((s) => s.id === id);
  if (spec) return { ...specView(spec), groups: engine.statuses().filter((s) => s.sloId === id) };
  const status = engine.status(id);
  if (!status) return undefined;
  const owner = engine.specs.find((s) => s.id === status.sloId) as SloSpec;
  const records = await engine.history(id, { since: query.since, limit: query.limit });
  return { slo: specView(owner), status, history: records.map(historyView) };
}

function historyView(r: SloRecord): SloHistoryView {
  return {
    recordedAt: new Date(r.recordedAt).toISOString(),
    recordedAtMillis: r.recordedAt,
    sli: r.value,
    budgetRemaining: r.errorBudgetRemaining,
    compliant: r.compliant,
    burnRates: r.burnRates,
  };
}
