/**
 * The engines during `replay`: they run on the data's own timestamps, so a replay computes
 * what a live service computed from the same data. The replay clock is the newest data time
 * seen so far; before a request is ingested, every engine is evaluated at each of its
 * interval boundaries strictly before that request's time (as a live service would have, at
 * those boundaries, before the request arrived); after the last request, at the boundaries
 * up to the last data time. No boundary is skipped: a replay is not racing a wall clock.
 */
import type { AnalysisConfig } from '../config/types.js';
import { createEngineRuntime } from '../engines/engine-runtime.js';
import type { EngineRuntime } from '../engines/engine-runtime.js';
import { createEngines, ENGINE_FACTORIES } from '../engines/registry.js';
import type { EngineFactory } from '../engines/registry.js';
import { createSeriesView } from '../engines/series-view.js';
import type { LogsRequest, MetricsRequest, Signal, TracesRequest } from '../otlp/model.js';
import type { Clock } from '../series/types.js';
import type { ServiceLogger } from '../service/logger.js';
import type { ServiceCore } from '../service/service-core.js';

/** A clock that moves with the replayed data. */
export interface ReplayClock extends Clock {
  /** Moves the clock to `timeMillis` if that is later than now. */
  advance(timeMillis: number): void;
  /** Whether any data time was seen. */
  readonly started: boolean;
}

/** A replay clock reading `initialMillis` until the first data time. */
export function createReplayClock(initialMillis: number): ReplayClock {
  let now = initialMillis;
  let started = false;
  return {
    now: () => now,
    get started() {
      return started;
    },
    advance(timeMillis) {
      if (!Number.isFinite(timeMillis)) return;
      if (!started || timeMillis > now) now = timeMillis;
      started = true;
    },
  };
}

/** The newest time (ms since the epoch) in a decoded request; NaN when it has none. */
export function requestTimeMillis(signal: Signal, request: unknown): number {
  let newest = 0;
  const see = (nanos: number): void => {
    if (nanos > newest) newest = nanos;
  };
  if (signal === 'metrics') {
    for (const rm of (request as MetricsRequest).resourceMetrics) {
      for (const sm of rm.scopeMetrics) {
        for (const m of sm.metrics) {
          if (m.data.type === 'empty') continue;
          for (const p of m.data.points) see(p.timeUnixNano);
        }
      }
    }
  } else if (signal === 'traces') {
    for (const rs of (request as TracesRequest).resourceSpans) {
      for (const ss of rs.scopeSpans) for (const s of ss.spans) see(s.endTimeUnixNano);
    }
  } else {
    for (const rl of (request as LogsRequest).resourceLogs) {
      for (const sl of rl.scopeLogs) {
        for (const r of sl.logRecords) see(r.timeUnixNano || r.observedTimeUnixNano);
      }
    }
  }
  return newest > 0 ? newest / 1e6 : Number.NaN;
}

/** Options of {@link startReplayEngines}. */
export interface ReplayEnginesOptions {
  config: AnalysisConfig;
  core: ServiceCore;
  clock: ReplayClock;
  logger: ServiceLogger;
  /** @default ENGINE_FACTORIES */
  factories?: readonly EngineFactory[];
}

/** The engines of a replay. */
export interface ReplayEngines {
  /** Call before ingesting each decoded request. */
  beforeRequest(signal: Signal, request: unknown): Promise<void>;
  /** Evaluates the boundaries up to the last data time and shuts the engines down. */
  finish(): Promise<EngineRuntime>;
  /** The runtime, for its findings and statuses. */
  readonly runtime: EngineRuntime;
  /** Findings raised or resolved per engine during the replay. */
  findingCounts(): ReadonlyMap<string, number>;
}

/** The engines the configuration asks for, on the replay clock; undefined when there are none. */
export function startReplayEngines(options: ReplayEnginesOptions): ReplayEngines | undefined {
  const { core, clock, logger } = options;
  const engines = createEngines(
    options.config,
    { store: core.store, clock, logger },
    options.factories ?? ENGINE_FACTORIES,
  );
  if (engines.length === 0) return undefined;
  const findings = new Map<string, number>();
  const runtime = createEngineRuntime({
    engines,
    clock,
    series: createSeriesView(core.series),
    logger,
    findingCapacity: options.config.engines.findingsLimit,
    onFinding: (f) => findings.set(f.engine, (findings.get(f.engine) ?? 0) + 1),
  });
  const toBoundary = { beforeEvaluation: (boundary: number) => clock.advance(boundary) };
  let started: Promise<void> | undefined;
  /** Why the engines stopped running (an engine failed to start); reported by `finish()`. */
  let failure: unknown;
  return {
    runtime,
    findingCounts: () => findings,
    async beforeRequest(signal, request) {
      if (failure !== undefined) return;
      const time = requestTimeMillis(signal, request);
      if (Number.isNaN(time)) return;
      try {
        if (!started) {
          // The first boundary is the first one after the first data time, as for a service
          // started when the data began.
          clock.advance(time);
          started = runtime.scheduler.start();
          await started;
          return;
        }
        await started;
        await runtime.scheduler.runUntil(time, { ...toBoundary, inclusive: false });
        clock.advance(time);
      } catch (error) {
        failure = error;
        logger.error('engines stopped: an engine failed to start', { error });
      }
    },
    async finish() {
      if (started && failure === undefined) {
        await started;
        await runtime.scheduler.runUntil(clock.now(), toBoundary);
      }
      await runtime.scheduler.shutdown();
      if (failure !== undefined) {
        throw new Error(
          `an engine failed to start: ${failure instanceof Error ? failure.message : String(failure)}`,
          { cause: failure },
        );
      }
      return runtime;
    },
  };
}

/** One summary line per engine: evaluations, failures, findings and what still fires. */
export function formatEngineSummary(replay: ReplayEngines): string {
  const { runtime } = replay;
  const schedules = runtime.scheduler.schedules();
  return runtime.scheduler.engines
    .map((engine) => {
      const s = schedules[engine.name];
      const findings = replay.findingCounts().get(engine.name) ?? 0;
      const firing = runtime.findings.firing(engine.name).length;
      return (
        `engine ${engine.name}: ${s?.evaluations ?? 0} evaluations` +
        `${s?.failures ? ` (${s.failures} failed)` : ''}, ${findings} findings, ${firing} firing at the end`
      );
    })
    .join('\n');
}
