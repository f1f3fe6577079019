/**
 * The SLO engine: evaluates every configured SLO at each tick of the scheduler, keeps its
 * per-group counters, raises burn-rate findings, appends history and persists its counters
 * so a restart loses no budget history.
 *
 * Defined results where data is missing (see the package README, "SLOs"):
 * - no data yet / a metric that never arrives: the SLO has no groups; `statuses()` lists
 *   none and `/api/v1/slos` shows the SLO with `groups: []`. A group with no events in its
 *   budget window has `sli: null`, burn rates `null`, budget remaining 1, state `no_data`;
 * - a counter reset (totals going down) counts the new total as the increase;
 * - a restart: counters, last-seen totals and firing alerts are restored from the store, and
 *   observations made while the engine was down are counted at the first evaluation; a
 *   series whose total came back below the remembered one (an older series checkpoint) is
 *   re-based without counting (see `running-totals.ts`).
 */
import { replicaKey } from '../../store/replica-key.js';
import type { SloHistoryStore, SloStateStore } from '../../store/types.js';
import type { SloRecord } from '../../store/records.js';
import type { Engine, EngineContext, EngineLogger, EngineReport } from '../engine.js';
import { DEFAULT_BURN_RATE_WINDOWS_SECONDS } from './alert-windows.js';
import { SloTracker } from './slo-tracker.js';
import type { SloTrackerState } from './slo-tracker.js';
import type { SloGroupStatus, SloSpec } from './types.js';

/** Format version of the persisted state. */
export const SLO_STATE_VERSION = 1;

/** The store domains the SLO engine uses. */
export type SloEngineStore = SloHistoryStore & SloStateStore;

/** Options of {@link createSloEngine}. */
export interface SloEngineOptions {
  /** The SLOs to evaluate. */
  slos: readonly SloSpec[];
  /** Where history and counters persist; without one, state lives only in memory. */
  store?: SloEngineStore;
  /** Where problems are logged. */
  logger?: EngineLogger;
  /**
   * This replica's name when several share one store: its counters are persisted under
   * `<slo id>@<replica>`, so each replica restores its own. @default none (key: the SLO id)
   */
  replica?: string;
  /**
   * Evaluation interval, in milliseconds.
   * @default 30000
   */
  intervalMillis?: number;
  /**
   * One history record per group at most this often, in milliseconds (0: every evaluation).
   * @default 300000 (5 minutes)
   */
  historyIntervalMillis?: number;
  /**
   * Counters are persisted at most this often (and at shutdown), in milliseconds; a crash
   * loses at most this much history.
   * @default 300000 (5 minutes)
   */
  checkpointIntervalMillis?: number;
  /**
   * A gauge time slice closes this long after its end, waiting for late samples, in ms.
   * @default 60000
   */
  sliceGraceMillis?: number;
  /**
   * Windows burn rates are reported over, in seconds (alert windows are always included).
   * @default 5m, 30m, 1h, 2h, 6h, 1d, 3d
   */
  reportedWindowsSeconds?: readonly number[];
}

/** The SLO engine, with read access for the API and exports. */
export interface SloEngine extends Engine {
  /** The SLO definitions. */
  readonly specs: readonly SloSpec[];
  /** Every group's status at the last evaluation. */
  statuses(): SloGroupStatus[];
  /** One group's status by id. */
  status(id: string): SloGroupStatus | undefined;
  /** A group's stored history, newest first (empty without a store). */
  history(
    id: string,
    query?: { since?: number; until?: number; limit?: number },
  ): Promise<SloRecord[]>;
  /** Bytes held by the counters of every group. */
  memoryBytes(): number;
}

/** Creates the SLO engine. */
export function createSloEngine(options: SloEngineOptions): SloEngine {
  const reported = options.reportedWindowsSeconds ?? DEFAULT_BURN_RATE_WINDOWS_SECONDS;
  const grace = options.sliceGraceMillis ?? 60_000;
  const trackers = options.slos.map((spec) => new SloTracker(spec, reported, grace));
  const historyEvery = options.historyIntervalMillis ?? 300_000;
  const checkpointEvery = options.checkpointIntervalMillis ?? 300_000;
  const store = options.store;
  const logger = options.logger;
  let lastHistory = -Infinity;
  let lastCheckpoint = -Infinity;
  let lastEvaluation: number | undefined;
  let lastDuration: number | undefined;
  let healthy = true;
  let lastError: string | undefined;
  let restoredGroups = 0;
  const restoreFailures: string[] = [];
  let byId = new Map<string, SloGroupStatus>();

  const stateKey = (sloId: string): string => replicaKey(sloId, options.replica);

  function memoryBytes(): number {
    return trackers.reduce((n, t) => n + t.memoryBytes, 0);
  }

  async function persist(): Promise<void> {
    if (!store) return;
    await store.putSloStates(
      trackers.map((t) => ({
        sloId: stateKey(t.spec.id),
        version: SLO_STATE_VERSION,
        data: t.toState(),
      })),
    );
  }

  async function appendHistory(statuses: readonly SloGroupStatus[]): Promise<void> {
    // Groups without events have no SLI to record (no NaN is ever stored).
    const measured = statuses.filter((s) => s.sli !== null);
    if (!store || measured.length === 0) return;
    await store.appendSloRecords(
      measured.map((s) => ({
        sloId: s.id,
        sliId: s.sliId ?? s.sloId,
        windowSeconds: s.windowSeconds,
        recordedAt: s.atMillis,
        value: s.sli as number,
        target: s.objective,
        compliant: (s.goodRatio ?? 1) >= s.objective,
        errorBudgetRemaining: s.budgetRemaining,
        burnRates: Object.fromEntries(
          Object.entries(s.burnRates).filter((e): e is [string, number] => e[1] !== null),
        ),
      })),
    );
  }

  return {
    name: 'slo',
    // Counters and alert states are persisted and restored (`start`), firing ones included.
    keepsFiringState: true,
    intervalMillis: options.intervalMillis ?? 30_000,
    specs: options.slos,

    async start() {
      if (!store) return;
      const states = await store.listSloStates();
      for (const record of states) {
        const position = trackers.findIndex((t) => stateKey(t.spec.id) === record.sloId);
        const tracker = trackers[position];
        if (!tracker) continue;
        if (record.version !== SLO_STATE_VERSION) {
          logger?.warn('slo: persisted state has an unknown format version; starting empty', {
            slo: record.sloId,
            version: record.version,
          });
          continue;
        }
        try {
          tracker.restore(record.data as SloTrackerState);
          restoredGroups += tracker.groups.size;
        } catch (error) {
          // A state this code cannot read is not a reason to refuse to start: the SLO
          // starts empty and says so.
          restoreFailures.push(record.sloId);
          trackers[position] = new SloTracker(tracker.spec, reported, grace);
          logger?.warn('slo: persisted state could not be read; the SLO starts empty', {
            slo: record.sloId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    },

    async evaluate(atMillis: number, context: EngineContext) {
      const started = performance.now();
      try {
        const next = new Map<string, SloGroupStatus>();
        for (const tracker of trackers) {
          for (const finding of tracker.evaluate(atMillis, context.series)) context.emit(finding);
          for (const s of tracker.statuses()) next.set(s.id, s);
        }
        byId = next;
        lastEvaluation = atMillis;
        if (atMillis - lastHistory >= historyEvery) {
          lastHistory = atMillis;
          await appendHistory([...next.values()]);
        }
        if (atMillis - lastCheckpoint >= checkpointEvery) {
          lastCheckpoint = atMillis;
          await persist();
        }
        healthy = true;
        lastError = undefined;
      } catch (error) {
        healthy = false;
        lastError = error instanceof Error ? error.message : String(error);
        throw error;
      } finally {
        lastDuration = (performance.now() - started) / 1000;
      }
    },

    report(): EngineReport {
      const statuses = [...byId.values()];
      return {
        name: 'slo',
        healthy,
        ...(lastEvaluation !== undefined ? { lastEvaluationMillis: lastEvaluation } : {}),
        ...(lastDuration !== undefined ? { lastDurationSeconds: lastDuration } : {}),
        detail: {
          slos: trackers.length,
          groups: statuses.length,
          burning: statuses.filter((s) => s.state === 'burning').length,
          noData: trackers.filter((t) => t.groups.size === 0).map((t) => t.spec.id),
          restoredGroups,
          ...(restoreFailures.length > 0 ? { restoreFailures } : {}),
          unreadableHistogramSeries: trackers.reduce((n, t) => n + t.seriesWithoutBuckets, 0),
          memoryBytes: memoryBytes(),
          ...(lastError !== undefined ? { lastError } : {}),
        },
      };
    },

    async shutdown() {
      await persist();
    },

    statuses: () => [...byId.values()],
    status: (id) => byId.get(id),
    async history(id, query = {}) {
      if (!store) return [];
      return store.listSloHistory({ sloId: id, ...query });
    },
    memoryBytes,
  };
}
