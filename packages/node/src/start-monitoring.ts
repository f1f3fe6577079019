import { createRequire } from 'node:module';
import { SCOPE_NAME, VERSION, registerMemoryGauges } from '@heterodyne/sdk';
import { DiagConsoleLogger, context, diag, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type * as InstrumentationModule from '@opentelemetry/instrumentation';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { AlwaysOffSampler, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { resolveMonitoringConfig } from './config.js';
import { reportConfigWarnings } from './config-warnings.js';
import { createMetricExporter, createSpanExporter } from './exporters.js';
import {
  finishingMetricExporter,
  finishingSpanExporter,
  type Finishing,
} from './finishing-exporters.js';
import { createMonitoringResource } from './resource.js';
import { settleWithin, type SettleOutcome } from './settle-within.js';
import type { Monitoring, MonitoringConfig, StartMonitoringOptions } from './types.js';
import { createHeterodyneViews } from './views.js';

const require = createRequire(import.meta.url);

/** The running setup, so that a second start is refused instead of fighting over globals. */
let running: Monitoring | undefined;

/**
 * Sets up the OpenTelemetry SDK 2.x for a Node.js application in one call: a resource
 * (`service.*`, host, OS, process), a `NodeTracerProvider` with a `BatchSpanProcessor`, a
 * `MeterProvider` with a `PeriodicExportingMetricReader` and second-scale buckets for the
 * heterodyne histograms, OTLP exporters over `http/protobuf` (default), `http/json` or `grpc`
 * (or `console`), all registered globally with the AsyncLocalStorage context manager and
 * W3C propagators, plus the `@heterodyne/sdk` memory gauges.
 *
 * Explicit options win over `OTEL_*` environment variables, which win over defaults.
 *
 * @throws Error naming the option when an explicit option is invalid, or when a previous
 *   setup is still running (call its `shutdown()` first), or when an instrumentation fails
 *   to enable; nothing of the setup is left registered then.
 */
export function startMonitoring(options: StartMonitoringOptions = {}): Monitoring {
  const config = resolveMonitoringConfig(options, process.env);
  if (config.disabled) return createDisabled(config);
  if (running !== undefined) {
    throw new Error(
      'startMonitoring: monitoring is already running; call shutdown() on it before starting again',
    );
  }
  const ownsLogger =
    config.logLevel !== undefined &&
    diag.setLogger(new DiagConsoleLogger(), { logLevel: config.logLevel });
  reportConfigWarnings(config.warnings, config.logLevel !== undefined);

  const resource = createMonitoringResource(config, options.resourceDetectors);
  // OTLP exporters made here finish within shutdown()'s deadline (see finishing-exporters).
  const finishing: Finishing[] = [];
  const finish = <E extends Finishing>(exporter: E): E => (finishing.push(exporter), exporter);
  const { traces: traceConfig, metrics: metricConfig } = config;
  const spanExporters =
    options.spanExporter !== undefined
      ? [options.spanExporter]
      : traceConfig.exporters.map((kind) =>
          kind === 'console'
            ? createSpanExporter(kind, traceConfig)
            : finish(
                finishingSpanExporter(
                  (timeoutMillis) =>
                    createSpanExporter(kind, {
                      ...traceConfig,
                      timeoutMillis: timeoutMillis ?? traceConfig.timeoutMillis,
                    }),
                  traceConfig.timeoutMillis,
                ),
              ),
        );
  const tracerProvider = new NodeTracerProvider({
    resource,
    spanProcessors: spanExporters.map((exporter) => new BatchSpanProcessor(exporter)),
  });
  const metricExporters =
    options.metricExporter !== undefined
      ? [options.metricExporter]
      : metricConfig.exporters.map((kind) =>
          kind === 'console'
            ? createMetricExporter(kind, metricConfig)
            : finish(
                finishingMetricExporter(
                  (timeoutMillis) =>
                    createMetricExporter(kind, {
                      ...metricConfig,
                      timeoutMillis: timeoutMillis ?? metricConfig.timeoutMillis,
                    }),
                  metricConfig.timeoutMillis,
                ),
              ),
        );
  const meterProvider = new MeterProvider({
    resource,
    views: [...createHeterodyneViews(), ...(options.views ?? [])],
    readers: metricExporters.map(
      (exporter) =>
        new PeriodicExportingMetricReader({
          exporter,
          exportIntervalMillis: config.metrics.exportIntervalMillis,
          exportTimeoutMillis: config.metrics.exportTimeoutMillis,
        }),
    ),
  });

  // Registered by hand rather than with tracerProvider.register(), to know what we own and
  // undo exactly that on shutdown.
  const ownsTracerProvider = trace.setGlobalTracerProvider(tracerProvider);
  const ownsMeterProvider = metrics.setGlobalMeterProvider(meterProvider);
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const ownsContextManager = context.setGlobalContextManager(contextManager);
  if (!ownsContextManager) contextManager.disable();
  const ownsPropagator = propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  if (!ownsTracerProvider || !ownsMeterProvider) {
    diag.error(
      'startMonitoring: another OpenTelemetry SDK is already registered globally; the providers ' +
        'returned by startMonitoring work, but global instrumentation keeps using the other one',
    );
  }

  // On this provider's meter (not the global one, which may belong to another SDK), under
  // the SDK's scope as when the SDK registers them itself.
  const unregisterGauges =
    options.memoryGauges === false
      ? undefined
      : registerMemoryGauges(meterProvider.getMeter(SCOPE_NAME, VERSION));
  const releaseGlobals = (): void => {
    unregisterGauges?.();
    if (ownsTracerProvider) trace.disable();
    if (ownsMeterProvider) metrics.disable();
    if (ownsPropagator) propagation.disable();
    if (ownsContextManager) context.disable();
    if (ownsLogger) diag.disable();
  };
  let unregisterInstrumentations: (() => void) | undefined;
  if (options.instrumentations !== undefined && options.instrumentations.length > 0) {
    const { registerInstrumentations } =
      require('@opentelemetry/instrumentation') as typeof InstrumentationModule;
    try {
      unregisterInstrumentations = registerInstrumentations({
        instrumentations: [...options.instrumentations],
        tracerProvider,
        meterProvider,
      });
    } catch (error) {
      // The caller gets no handle to shut this setup down, so leave nothing of it behind:
      // no instrumentation enabled, no globals held, no export timer running.
      for (const instrumentation of options.instrumentations) {
        try {
          instrumentation.disable();
        } catch {
          // Already failing; the first error is the one reported.
        }
      }
      releaseGlobals();
      void Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`startMonitoring: options.instrumentations: enabling failed: ${reason}`, {
        cause: error,
      });
    }
  }

  let shutdownPromise: Promise<void> | undefined;
  // Forgetting shutdown() would otherwise drop what the batching processor and the periodic
  // reader still hold when the event loop empties: their timers do not keep the process alive.
  const flushOnExit =
    options.flushOnExit === false ? undefined : (): void => void monitoring.shutdown();
  const monitoring: Monitoring = {
    enabled: true,
    tracerProvider,
    meterProvider,
    resource,
    config,
    async forceFlush() {
      await collect('forceFlush', [tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    shutdown() {
      if (flushOnExit !== undefined) process.removeListener('beforeExit', flushOnExit);
      shutdownPromise ??= (async () => {
        const { shutdownTimeoutMillis: timeoutMillis, rejectOnShutdownFailure } = config;
        let outcome: SettleOutcome;
        try {
          for (const exporter of finishing) exporter.finishWithin(timeoutMillis);
          unregisterInstrumentations?.();
          // The gauges stay registered through the final collection that shutdown() runs.
          const work = collect('shutdown', [tracerProvider.shutdown(), meterProvider.shutdown()]);
          outcome = await settleWithin(work, timeoutMillis);
        } catch (error) {
          outcome = { kind: 'failed', error };
        }
        // Reported before the globals go, so a logger installed for logLevel still prints it.
        const problem = reportShutdown(outcome, timeoutMillis);
        releaseGlobals();
        if (running === monitoring) running = undefined;
        if (problem !== undefined && rejectOnShutdownFailure) throw problem;
      })();
      return shutdownPromise;
    },
  };
  if (flushOnExit !== undefined) process.once('beforeExit', flushOnExit);
  running = monitoring;
  return monitoring;
}

/** Reports a shutdown that failed or ran out of time through `diag`; returns it as an error. */
function reportShutdown(outcome: SettleOutcome, timeoutMillis: number): Error | undefined {
  if (outcome.kind === 'done') return undefined;
  const error =
    outcome.kind === 'timed-out'
      ? new Error(
          `startMonitoring: shutdown did not finish within ${timeoutMillis} ms ` +
            '(shutdownTimeoutMillis); spans and metrics not yet exported were dropped',
        )
      : outcome.error instanceof Error
        ? outcome.error
        : new Error(`startMonitoring: shutdown failed: ${String(outcome.error)}`);
  diag.error(
    outcome.kind === 'timed-out'
      ? error.message
      : `${error.message}; spans and metrics not yet exported were dropped`,
  );
  return error;
}

/** Awaits every step, then reports all failures together with the first as `cause`. */
async function collect(what: string, steps: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(steps);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length === 0) return;
  const reasons = failures.map((f) =>
    f.reason instanceof Error ? f.reason.message : String(f.reason),
  );
  throw new Error(`startMonitoring: ${what} failed: ${reasons.join('; ')}`, {
    cause: failures[0]?.reason,
  });
}

/**
 * Inert providers: spans are not sampled, metrics have no reader, nothing is global, no
 * detector runs.
 */
function createDisabled(config: MonitoringConfig): Monitoring {
  const resource = createMonitoringResource(config, []);
  const tracerProvider = new NodeTracerProvider({ resource, sampler: new AlwaysOffSampler() });
  const meterProvider = new MeterProvider({ resource });
  return {
    enabled: false,
    tracerProvider,
    meterProvider,
    resource,
    config,
    forceFlush: () => Promise.resolve(),
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
