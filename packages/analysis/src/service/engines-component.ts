/**
 * The `engines` component: the engines built from the configuration, evaluated by the
 * scheduler on the service's clock with real timers, their findings kept for the API and
 * written behind to the store (restored from it at start, so they survive a restart).
 * Shut down after the receivers drained (so the last evaluation saw all accepted data) and
 * before the store closes (so engines can persist their state and the last findings).
 */
import type { Meter } from '@opentelemetry/api';
import type { EnginesConfig } from '../config/engines-config.js';
import type { Engine } from '../engines/engine.js';
import type { Finding } from '../engines/findings.js';
import { createEngineRuntime } from '../engines/engine-runtime.js';
import type { EngineRuntime } from '../engines/engine-runtime.js';
import type { SchedulerTimer } from '../engines/scheduler.js';
import { createSeriesView } from '../engines/series-view.js';
import type { SeriesStore } from '../series/series-store.js';
import type { FindingStore } from '../store/finding-records.js';
import type { Clock } from '../series/types.js';
import type { SelfMetrics } from '../telemetry/self-metrics.js';
import type { Component } from './component.js';
import { createFindingStoreMetrics } from './finding-store-metrics.js';
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
  /** Told of every accepted finding (alerting). */
  onFinding?: (finding: Finding) => void;
  /** Where findings persist, once the store is open; without it they live in memory only. */
  findingStore?: () => FindingStore;
  /** This replica's name (`service.replica`): it writes and restores its own findings. */
  replica?: string;
  /** Where the persistence metrics are created; none without it. */
  meter?: Meter;
}

/** The engines component; `runtime()` is undefined before start. */
export interface EnginesComponent extends Component {
  runtime(): EngineRuntime | undefined;
}

/** Creates the engines component. */
export function createEnginesComponent(options: EnginesComponentOptions): EnginesComponent {
  let runtime: EngineRuntime | undefined;
  const metrics = createFindingStoreMetrics(options.meter);
  const startRuntime = async (): Promise<void> => {
    const { self } = options;
    const findingStore = options.findingStore?.();
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
      onFinding: (finding) => {
        self.recordFinding(finding.engine, finding.state);
        options.onFinding?.(finding);
      },
      findingCapacity: options.config.findingsLimit,
      shutdownWaitMillis: options.config.shutdownWaitMillis,
      ...(findingStore
        ? {
            findingStore: {
              store: findingStore,
              replica: options.replica ?? '',
              maxPending: options.config.findingsWriteQueue,
              onWritten: metrics.onWritten,
              onWriteFailed: metrics.onWriteFailed,
              onDropped: metrics.onDropped,
            },
          }
        : {}),
    });
    const started = runtime;
    metrics.observePending(() => started.findingPersistence()?.pending);
    await runtime.start();
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
      try {
        await runtime?.shutdown();
      } finally {
        metrics.stop();
      }
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
      const { recorded, restored, evicted } = runtime.findings.counts();
      const persisted = runtime.findingPersistence();
      return {
        engines: runtime.scheduler.engines.length,
        findings: {
          recorded,
          restored,
          kept: recorded + restored - evicted,
          dropped: evicted,
          ...(persisted ? { persisted } : {}),
        },
        findingsLimit: options.config.findingsLimit,
      };
    },
  };
}
