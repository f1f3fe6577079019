/**
 * The `engines` component: the engines built from the configuration, evaluated by the
 * scheduler on the service's clock with real timers, their findings kept for the API.
 * Shut down after the receivers drained (so the last evaluation saw all accepted data) and
 * before the store closes (so engines can persist their state).
 */
import type { EnginesConfig } from '../config/engines-config.js';
import type { Engine } from '../engines/engine.js';
import { createEngineRuntime } from '../engines/engine-runtime.js';
import type { EngineRuntime } from '../engines/engine-runtime.js';
import type { SchedulerTimer } from '../engines/scheduler.js';
import { createSeriesView } from '../engines/series-view.js';
import type { SeriesStore } from '../series/series-store.js';
import type { Clock } from '../series/types.js';
import type { SelfMetrics } from '../telemetry/self-metrics.js';
import type { Component } from './component.js';
import type { ServiceLogger } from './logger.js';

/** Wake-ups on `setTimeout`, unreferenced so they never keep the process alive. */
export const NODE_SCHEDULER_TIMER: SchedulerTimer = {
  schedule(callback, delayMillis) {
    const timer = setTimeout(() => void callback(), delayMillis);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** Options of {@link createEnginesComponent}. */
export interface EnginesComponentOptions {
  /** Builds the engines once the store is open. */
  engines: () => Engine[];
  /** The series store, once open. */
  series: () => SeriesStore;
  clock: Clock;
  logger: ServiceLogger;
  self: SelfMetrics;
  /** @default {@link NODE_SCHEDULER_TIMER} */
  timer?: SchedulerTimer;
  /** The `engines` section. */
  config: EnginesConfig;
}

/** The engines component; `runtime()` is undefined before start. */
export interface EnginesComponent extends Component {
  runtime(): EngineRuntime | undefined;
}

/** Creates the engines component. */
export function createEnginesComponent(options: EnginesComponentOptions): EnginesComponent {
  let runtime: EngineRuntime | undefined;
  const startRuntime = async (): Promise<void> => {
    const { self } = options;
    runtime = createEngineRuntime({
      engines: options.engines(),
      clock: options.clock,
      series: createSeriesView(options.series()),
      timer: options.timer ?? NODE_SCHEDULER_TIMER,
      logger: options.logger,
      telemetry: {
        recordEvaluation: (...args) => self.recordEngineEvaluation(...args),
        recordSkipped: (...args) => self.recordEngineSkipped(...args),
      },
      onFinding: (finding) => self.recordFinding(finding.engine, finding.state),
      findingCapacity: options.config.findingsLimit,
      shutdownWaitMillis: options.config.shutdownWaitMillis,
    });
    await runtime.scheduler.start();
    if (runtime.scheduler.engines.length > 0) {
      options.logger.info('engines started', {
        engines: runtime.scheduler.engines.map((e) => e.name),
      });
    }
  };
  return {
    name: 'engines',
    runtime: () => runtime,
    start: startRuntime,
    async shutdown() {
      await runtime?.scheduler.shutdown();
    },
    health() {
      if (!runtime) return undefined;
      const unhealthy = runtime.statuses().filter((s) => !s.healthy);
      return unhealthy.length === 0
        ? undefined
        : { ok: false, message: `unhealthy engines: ${unhealthy.map((s) => s.name).join(', ')}` };
    },
    report() {
      if (!runtime) return undefined;
      const { recorded, evicted } = runtime.findings.counts();
      return {
        engines: runtime.scheduler.engines.length,
        findings: { recorded, kept: recorded - evicted, dropped: evicted },
        findingsLimit: options.config.findingsLimit,
      };
    },
  };
}
