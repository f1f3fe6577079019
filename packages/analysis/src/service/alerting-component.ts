/**
 * The `alerting` component: the {@link AlertSystem} over the store and the series, fed with
 * the engines' findings, evaluating threshold rules at `alerting.evaluation_interval` and
 * flushing groups and deliveries every second. Started before the engines (so it hears their
 * first findings) and shut down after them (so it hears their last), then delivers what is due
 * once more. Without an `alerting` section it does nothing.
 */
import { AlertSystem } from '../alerting/alert-system.js';
import type { AlertingConfig } from '../alerting/config.js';
import type { Finding } from '../engines/findings.js';
import { createSeriesView } from '../engines/series-view.js';
import type { SeriesStore } from '../series/series-store.js';
import type { Clock } from '../series/types.js';
import type { MonitoringStore } from '../store/types.js';
import type { Component } from './component.js';
import type { ServiceLogger } from './logger.js';

/** How often groups are flushed and due deliveries attempted, in milliseconds. */
export const ALERTING_TICK_MILLIS = 1000;

/** Options of {@link createAlertingComponent}. */
export interface AlertingComponentOptions {
  config: AlertingConfig;
  store: () => MonitoringStore;
  series: () => SeriesStore;
  clock: Clock;
  logger: ServiceLogger;
  /** This replica's name when several share one store. */
  replica?: string;
  /** Base URL for links (the API's, once listening). */
  externalUrl: () => string | undefined;
  /** Told of every delivery attempt (self-telemetry). */
  onDelivery?(channel: string, outcome: string, latencyMillis: number): void;
}

/** The alerting component; `system()` is undefined before start or when alerting is off. */
export interface AlertingComponent extends Component {
  system(): AlertSystem | undefined;
  /** Takes a finding (ignored when alerting is off). */
  receiveFinding(finding: Finding): void;
}

/** Creates the alerting component. */
export function createAlertingComponent(options: AlertingComponentOptions): AlertingComponent {
  let system: AlertSystem | undefined;
  const timers: NodeJS.Timeout[] = [];
  let ticking: Promise<unknown> = Promise.resolve();
  let lastError: string | undefined;

  const tick = (): Promise<unknown> => {
    const current = system;
    if (!current) return ticking;
    ticking = ticking.then(() =>
      current.tick().then(
        () => (lastError = undefined),
        (error: unknown) => {
          lastError = error instanceof Error ? error.message : String(error);
          options.logger.error('alerting: delivery pass failed', { error: lastError });
        },
      ),
    );
    return ticking;
  };

  return {
    name: 'alerting',
    system: () => system,
    receiveFinding(finding) {
      system?.receiveFinding(finding);
    },
    async start() {
      if (!options.config.enabled) return;
      const context = {
        get externalUrl() {
          return options.config.externalUrl ?? options.externalUrl();
        },
      };
      const created = new AlertSystem({
        config: options.config,
        store: options.store(),
        ...(options.replica === undefined ? {} : { replica: options.replica }),
        clock: options.clock,
        series: createSeriesView(options.series()),
        context,
        logger: options.logger,
        ...(options.onDelivery ? { onDelivery: options.onDelivery } : {}),
      });
      await created.start();
      system = created;
      const evaluate = setInterval(() => {
        try {
          system?.evaluateRules(options.clock.now());
        } catch (error) {
          options.logger.error('alerting: rule evaluation failed', { error: String(error) });
        }
      }, options.config.evaluationIntervalMillis);
      const flush = setInterval(() => void tick(), ALERTING_TICK_MILLIS);
      evaluate.unref();
      flush.unref();
      timers.push(evaluate, flush);
      options.logger.info('alerting started', created.report());
    },
    async shutdown() {
      for (const t of timers.splice(0)) clearInterval(t);
      if (!system) return;
      await tick();
      await system.shutdown();
      system = undefined;
    },
    health() {
      return lastError === undefined ? undefined : { ok: false, message: `alerting: ${lastError}` };
    },
    report: () => system?.report(),
  };
}
