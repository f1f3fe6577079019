/**
 * Embedded mode: the analysis service running inside the application, fed directly by the
 * OpenTelemetry SDK through a span processor and a metric reader, with no network and no
 * separate process. It is the service itself (`createAnalysisService` with `inProcess`):
 * the same ingest queue, pipeline normalisation, series store, engine runtime, alerting and
 * API backend, so the same workload gives the same SLOs and findings either way.
 */
import { DROP_REASON_VALUES } from '@heterodyne/semconv';
import { trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { writeFile } from 'node:fs/promises';
import type { ApiBackend } from '../api/types.js';
import type { AnalysisConfig } from '../config/types.js';
import type { SchedulerTimer } from '../engines/scheduler.js';
import type { EngineFactory } from '../engines/registry.js';
import { collectReportData } from '../report/collect-report-data.js';
import type { CollectReportOptions } from '../report/collect-report-data.js';
import { renderReport } from '../report/render-report.js';
import type { Clock } from '../series/types.js';
import { createAnalysisService } from '../service/analysis-service.js';
import type { ServiceLogger } from '../service/logger.js';
import type { AnalysisService } from '../service/types.js';
import { embeddedConfig } from './embedded-config.js';
import type { EmbeddedConfigOptions } from './embedded-config.js';
import { registerMemoryUtilization } from './memory-utilization.js';
import { MonitorMetricReader } from './monitor-metric-reader.js';
import { createMonitorSpanProcessor } from './monitor-span-processor.js';
import type { MonitorSpanProcessor } from './monitor-span-processor.js';
import { runOperation } from './monitor-operation.js';
import type { MonitorOperationOptions, MonitoredOperation } from './monitor-operation.js';
import { createPerformanceDashboard } from './performance-dashboard.js';
import type { PerformanceDashboard } from './performance-dashboard.js';
import { monitoringStatus } from './monitoring-status.js';
import type { MonitoringStatus } from './monitoring-status.js';

/** Options of {@link ContinuousOptimizationMonitor}. */
export interface ContinuousOptimizationMonitorOptions extends EmbeddedConfigOptions {
  /**
   * The full service configuration (from `loadConfig`); when given, `monitoringDir`,
   * `monitoringIntervalSeconds` and `sliTargets` are not used. @default built from those
   */
  config?: AnalysisConfig;
  /**
   * `own`: the monitor creates a tracer and a meter provider holding its span processor and
   * metric reader (`monitorOperation` records through them). `external`: add
   * {@link ContinuousOptimizationMonitor.spanProcessor} and
   * {@link ContinuousOptimizationMonitor.metricReader} to your own SDK set-up (registered
   * globally); `monitorOperation` then uses the global tracer. @default 'own'
   */
  providers?: 'own' | 'external';
  /** Resource of the own providers. @default `service.name` = `serviceName` */
  resource?: Resource;
  /** `service.name` of the own providers' resource. @default 'heterodyne-analysis' */
  serviceName?: string;
  /**
   * How often spans are handed over and metrics collected, in milliseconds (also at
   * `flush()`, report and status calls, and `stopMonitoring()`). @default 10000
   */
  collectIntervalMillis?: number;
  /**
   * Observe `heterodyne.process.memory.utilization` (heap used / heap limit) on the own meter
   * provider, the memory SLI. @default true
   */
  memoryGauge?: boolean;
  /** Where the monitor logs. @default silent */
  logger?: ServiceLogger;
  /** Time source (tests inject one). @default the system clock */
  clock?: Clock;
  /**
   * Spans held while handed over; past it new spans are dropped and counted
   * (`getMonitoringStatus().droppedSpans`). @default 2048
   */
  maxQueuedSpans?: number;
  /** Spans per hand-over; a full batch is handed over at once. @default 512 */
  maxBatchSpans?: number;
  /** Wakes the engine scheduler (tests pass a manual timer). @default unreferenced setTimeout */
  schedulerTimer?: SchedulerTimer;
  /** Builds the engines. @default the service's engine factories */
  engineFactories?: readonly EngineFactory[];
}

/** The monitor. A class, as the seed's API names it. */
export class ContinuousOptimizationMonitor {
  /** Add to your tracer provider (`providers: 'external'`); the own provider holds it already. */
  readonly spanProcessor: MonitorSpanProcessor;
  /** Add to your meter provider (`providers: 'external'`); the own provider holds it already. */
  readonly metricReader: MonitorMetricReader;
  private readonly _options: ContinuousOptimizationMonitorOptions;
  private readonly _config: AnalysisConfig;
  private _service: AnalysisService | undefined;
  private _tracerProvider: BasicTracerProvider | undefined;
  private _meterProvider: MeterProvider | undefined;
  private _timer: NodeJS.Timeout | undefined;
  private _unregisterMemory: (() => void) | undefined;
  private _refused = 0;
  private _stopped = false;

  /** Validates the options (throws naming a bad one); nothing runs until `startMonitoring()`. */
  constructor(options: ContinuousOptimizationMonitorOptions = {}) {
    this._options = options;
    this._config = options.config ?? embeddedConfig(options);
    const interval = options.collectIntervalMillis ?? 10_000;
    if (!(Number.isFinite(interval) && interval > 0)) {
      throw new RangeError(
        `ContinuousOptimizationMonitor: collectIntervalMillis must be a positive number, got ${String(interval)}`,
      );
    }
    const refused = (error: unknown): void => {
      this._refused++;
      options.logger?.warn('embedded monitor: telemetry not ingested', { error });
    };
    this.spanProcessor = createMonitorSpanProcessor({
      sink: (request) => this._ingest('traces', request),
      onError: refused,
      // Counted like the service's own drops: the status' `dropped` and the self-telemetry.
      onDropped: (spans) =>
        this._service?.recordDropped('traces', DROP_REASON_VALUES.OVERLOADED, spans),
      ...(options.maxQueuedSpans === undefined ? {} : { maxQueuedSpans: options.maxQueuedSpans }),
      ...(options.maxBatchSpans === undefined ? {} : { maxBatchSpans: options.maxBatchSpans }),
    });
    this.metricReader = new MonitorMetricReader({
      sink: (request) => this._ingest('metrics', request),
      onError: refused,
    });
  }

  /** The resolved service configuration the monitor runs. */
  get config(): AnalysisConfig {
    return this._config;
  }

  /** True between `startMonitoring()` and `stopMonitoring()`. */
  get monitoring(): boolean {
    return this._service !== undefined;
  }

  /** The own tracer provider (`providers: 'own'`, once started). */
  get tracerProvider(): BasicTracerProvider | undefined {
    return this._tracerProvider;
  }

  /** The own meter provider (`providers: 'own'`, once started): record your metrics here. */
  get meterProvider(): MeterProvider | undefined {
    return this._meterProvider;
  }

  /**
   * Opens the store, starts the engines and alerting, and (with own providers) the tracer and
   * meter providers. Rejects when already started, when stopped before (a monitor runs once),
   * or when the store cannot be opened.
   */
  async startMonitoring(): Promise<void> {
    if (this._service) throw new Error('ContinuousOptimizationMonitor: already monitoring');
    if (this._stopped) {
      // Its metric reader was shut down with its meter provider and cannot be bound again.
      throw new Error(
        'ContinuousOptimizationMonitor: stopped monitors do not restart; create a new one (with monitoringDir, it continues from the saved state)',
      );
    }
    const o = this._options;
    const service = createAnalysisService(this._config, {
      inProcess: true,
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.logger ? { logger: o.logger } : {}),
      ...(o.schedulerTimer ? { schedulerTimer: o.schedulerTimer } : {}),
      ...(o.engineFactories ? { engineFactories: o.engineFactories } : {}),
    });
    await service.start();
    this._service = service;
    if ((o.providers ?? 'own') === 'own') {
      const resource =
        o.resource ??
        resourceFromAttributes({ 'service.name': o.serviceName ?? 'heterodyne-analysis' });
      this._tracerProvider = new BasicTracerProvider({
        resource,
        spanProcessors: [this.spanProcessor as SpanProcessor],
      });
      this._meterProvider = new MeterProvider({ resource, readers: [this.metricReader] });
      if (o.memoryGauge !== false) {
        this._unregisterMemory = registerMemoryUtilization(
          this._meterProvider.getMeter('@heterodyne/analysis/embedded'),
        );
      }
    }
    this._timer = setInterval(() => void this.flush(), o.collectIntervalMillis ?? 10_000);
    this._timer.unref();
  }

  /**
   * Hands the buffered spans and a metric collection to the engines' store now; resolves once
   * processed. The engines see them at their next evaluation.
   */
  async flush(): Promise<void> {
    if (!this._service) return;
    await this.spanProcessor.forceFlush();
    await this.metricReader.collectInto();
  }

  /**
   * Stops: hands over what is buffered, shuts the own providers down, lets the engines evaluate
   * a last time and save their state, and closes the store. Idempotent.
   */
  async stopMonitoring(): Promise<void> {
    const service = this._service;
    if (!service) return;
    this._stopped = true;
    clearInterval(this._timer);
    this._unregisterMemory?.();
    // The providers' shutdown hands over what they hold while the service still runs.
    await this._tracerProvider?.shutdown();
    await this.flush();
    await this._meterProvider?.shutdown();
    this._service = undefined;
    this._tracerProvider = undefined;
    this._meterProvider = undefined;
    await service.shutdown();
  }

  /**
   * Runs `fn` as the monitored operation `name`: a span carrying `heterodyne.operation.name`
   * (and the expected accuracy), from which the engines derive the operation metrics, as the
   * service does from spans. Returns what `fn` returns (a promise for an async `fn`) and throws
   * what it throws, after marking the span failed with `error.type`.
   *
   * @example
   * const chi2 = monitor.monitorOperation('chi_squared_calculation', (op) => {
   *   const value = computeChiSquared(params);
   *   op.recordAccuracy(relativeAgreement(value, reference));
   *   return value;
   * }, { expectedAccuracy: 0.999 });
   */
  monitorOperation<T>(
    name: string,
    fn: (operation: MonitoredOperation) => T,
    options: MonitorOperationOptions = {},
  ): T {
    return runOperation(this._tracer(), name, fn, options);
  }

  /** Health, SLOs, active alerts and counts, for a status line or a health check. */
  async getMonitoringStatus(): Promise<MonitoringStatus> {
    const backend = this._service?.backend();
    if (!backend) return monitoringStatus(undefined, this._refused, this.spanProcessor.dropped());
    await this.flush();
    return monitoringStatus(backend, this._refused, this.spanProcessor.dropped());
  }

  /**
   * The self-contained HTML report (the one the service serves at `/report`); written to
   * `outputFile` too when given. Rejects when not monitoring.
   */
  async generateMonitoringReport(
    options: CollectReportOptions & { outputFile?: string } = {},
  ): Promise<string> {
    const backend = await this._flushedBackend('generateMonitoringReport');
    const { outputFile, ...collect } = options;
    const html = renderReport(
      await collectReportData(backend, { source: 'embedded monitor', ...collect }),
    );
    if (outputFile !== undefined) await writeFile(outputFile, html, 'utf8');
    return html;
  }

  /**
   * A dashboard description of the current state (panels with their data: SLO budgets,
   * series with baseline bands, alerts), for an application's own UI; for Grafana use the
   * generated dashboards over Prometheus. Rejects when not monitoring.
   */
  async createPerformanceDashboard(): Promise<PerformanceDashboard> {
    const backend = await this._flushedBackend('createPerformanceDashboard');
    return createPerformanceDashboard(
      await collectReportData(backend, { source: 'embedded monitor', forecastSteps: 0 }),
    );
  }

  /** The API backend of the in-process service (status, series, findings, SLOs, alerts). */
  backend(): ApiBackend | undefined {
    return this._service?.backend();
  }

  private async _flushedBackend(what: string): Promise<ApiBackend> {
    const backend = this._service?.backend();
    if (!backend) throw new Error(`ContinuousOptimizationMonitor.${what}: not monitoring`);
    await this.flush();
    return backend;
  }

  private _tracer(): Tracer {
    return (this._tracerProvider ?? trace).getTracer('@heterodyne/analysis/embedded');
  }

  private _ingest(
    signal: 'traces' | 'metrics',
    request: Parameters<AnalysisService['ingest']>[1],
  ): Promise<unknown> {
    const service = this._service;
    if (!service) return Promise.reject(new Error('not monitoring: telemetry dropped'));
    return service.ingest(signal, request as never);
  }
}
