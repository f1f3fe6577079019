/**
 * The service's `MeterProvider`: its own instruments and the engines' derived metrics, read
 * by one reader per exporter of the metrics pipelines:
 *
 * - `otlp`: a `PeriodicExportingMetricReader` with the SDK's OTLP exporter for the protocol;
 * - `prometheus`: a pull reader rendered at each scrape, served by the API server (mount
 *   {@link Telemetry.handleScrape} at {@link Telemetry.prometheusPath}) or, with
 *   `endpoint` set, by a server of its own that {@link Telemetry.start} opens;
 * - `debug`: a periodic reader that writes a summary to the console.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import type { AnalysisConfig, ExporterConfig } from '../config/types.js';
import { withCurrentGauges } from '../exporters/current-gauges.js';
import { createDebugMetricExporter } from '../exporters/debug-metric-exporter.js';
import { createOtlpMetricExporter } from '../exporters/otlp-metric-exporter.js';
import { PrometheusPullReader } from '../exporters/prometheus-pull-reader.js';
import type {
  PassThroughText,
  PrometheusPullReaderOptions,
} from '../exporters/prometheus-pull-reader.js';
import { createPrometheusServer, handlePrometheusScrape } from '../exporters/prometheus-server.js';
import type { PrometheusServer } from '../exporters/prometheus-server.js';
import type { ResourceMetrics } from '../otlp/model.js';
import { createDerivedMetrics } from './derived-metrics.js';
import type { DerivedMetrics } from './derived-metrics.js';
import { DERIVED_SCOPE_NAME, MONITOR_SCOPE_NAME } from './names.js';
import { createSelfMetrics } from './self-metrics.js';
import type { SelfMetrics } from './self-metrics.js';

/** Options of {@link createTelemetry} beyond the configuration. */
export interface TelemetryOptions {
  /**
   * The received metrics, cumulative, for exporters with `pass_through` (read at each
   * scrape). Without it only the service's own and derived metrics are exposed.
   */
  passThrough?: () => readonly ResourceMetrics[];
  /**
   * The received metrics rendered as streamed exposition text, for Prometheus exporters with
   * `pass_through` (takes the place of `passThrough` there; see `PassThroughText`).
   */
  passThroughText?: PassThroughText;
  /** `service.instance.id` when the configured resource has none. @default a random UUID */
  instanceId?: string;
  /** Where the debug exporter writes. @default console.log */
  debugWrite?: (line: string) => void;
  /** Told when a scrape left metrics out or an observable callback failed. */
  onScrapeProblems?: PrometheusPullReaderOptions['onProblems'];
  /** The service version, as `service.version`. */
  serviceVersion?: string;
}

/** The service's telemetry. */
export interface Telemetry {
  readonly meterProvider: MeterProvider;
  /** The service's own instruments. */
  readonly self: SelfMetrics;
  /** Where the engines register derived metrics. */
  readonly derived: DerivedMetrics;
  /**
   * The path the API server should serve the scrape at, or `undefined` when no Prometheus
   * exporter is served by the API (none configured, or it has its own endpoint).
   */
  readonly prometheusPath: string | undefined;
  /** Renders one scrape of the API-served Prometheus exporter. Rejects when there is none. */
  renderPrometheus(): Promise<string>;
  /**
   * Renders one scrape of the API-served Prometheus exporter as chunks, returning to the
   * event loop between them. Throws (on iteration) when there is none.
   */
  renderPrometheusChunks(): AsyncIterable<string>;
  /** A `node:http` handler for the API server's scrape route. */
  handleScrape(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /**
   * Opens the Prometheus exporters' own endpoints; resolves with their bound addresses. A
   * failure names the exporter and endpoint (`exporter prometheus: cannot listen on ...`).
   */
  start(): Promise<{ id: string; host: string; port: number }[]>;
  /** Exports what the push readers hold now. */
  forceFlush(): Promise<void>;
  /** Final export, then closes readers and endpoints. Idempotent. */
  shutdown(): Promise<void>;
}

function metricsExporters(config: AnalysisConfig): ExporterConfig[] {
  const ids = new Set(
    Object.values(config.service.pipelines)
      .filter((p) => p.signal === 'metrics')
      .flatMap((p) => p.exporters),
  );
  return [...ids]
    .map((id) => config.exporters[id])
    .filter((e): e is ExporterConfig => e !== undefined);
}

/** Builds the provider and readers for `config`. Nothing listens until `start()`. */
export function createTelemetry(config: AnalysisConfig, options: TelemetryOptions = {}): Telemetry {
  const readers: IMetricReader[] = [];
  const servers: { id: string; endpoint: string; server: PrometheusServer }[] = [];
  let apiReader: PrometheusPullReader | undefined;
  let apiPath: string | undefined;
  for (const exporter of metricsExporters(config)) {
    if (exporter.type === 'otlp') {
      readers.push(
        new PeriodicExportingMetricReader({
          exporter: withCurrentGauges(createOtlpMetricExporter(exporter)),
          exportIntervalMillis: exporter.intervalMillis,
          exportTimeoutMillis: exporter.timeoutMillis,
        }),
      );
    } else if (exporter.type === 'debug') {
      readers.push(
        new PeriodicExportingMetricReader({
          exporter: createDebugMetricExporter({
            verbosity: exporter.verbosity,
            write: options.debugWrite,
          }),
          exportIntervalMillis: exporter.intervalMillis,
          exportTimeoutMillis: Math.min(exporter.intervalMillis, 30_000),
        }),
      );
    } else {
      const reader = new PrometheusPullReader({
        addMetricSuffixes: exporter.addMetricSuffixes,
        passThrough: exporter.passThrough ? options.passThrough : undefined,
        passThroughText: exporter.passThrough ? options.passThroughText : undefined,
        onProblems: options.onScrapeProblems,
      });
      readers.push(reader);
      if (exporter.endpoint) {
        const render = (): AsyncIterable<string> => reader.renderChunks();
        const { host, port } = exporter.endpoint;
        servers.push({
          id: exporter.id,
          endpoint: exporter.endpoint.endpoint,
          server: createPrometheusServer({ host, port, path: exporter.path, render }),
        });
      } else if (!apiReader) {
        apiReader = reader;
        apiPath = exporter.path;
      }
    }
  }
  const attributes: Record<string, string | number | boolean> = {
    'service.instance.id': options.instanceId ?? randomUUID(),
    ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    ...config.service.telemetry.resource,
  };
  const meterProvider = new MeterProvider({
    resource: defaultResource().merge(resourceFromAttributes(attributes)),
    readers,
  });
  const queue = Object.values(config.processors).find((p) => p.type === 'queue');
  const self = createSelfMetrics(meterProvider.getMeter(MONITOR_SCOPE_NAME), {
    level: config.service.telemetry.metricsLevel,
    queueCapacity: queue?.type === 'queue' ? queue.maxRequests : undefined,
  });
  const derived = createDerivedMetrics(meterProvider.getMeter(DERIVED_SCOPE_NAME));
  const renderPrometheus = (): Promise<string> =>
    apiReader
      ? apiReader.render()
      : Promise.reject(new Error('no Prometheus exporter is served by the API server'));
  async function* renderPrometheusChunks(): AsyncGenerator<string> {
    if (!apiReader) throw new Error('no Prometheus exporter is served by the API server');
    yield* apiReader.renderChunks();
  }
  let shutDown = false;
  return {
    meterProvider,
    self,
    derived,
    prometheusPath: apiPath,
    renderPrometheus,
    renderPrometheusChunks,
    handleScrape: (req, res) => handlePrometheusScrape(req, res, renderPrometheusChunks),
    async start() {
      const out: { id: string; host: string; port: number }[] = [];
      for (const { id, endpoint, server } of servers) {
        try {
          out.push({ id, ...(await server.start()) });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(`exporter ${id}: cannot listen on ${endpoint}: ${message}`, {
            cause: error,
          });
        }
      }
      return out;
    },
    forceFlush: () => meterProvider.forceFlush(),
    async shutdown() {
      if (shutDown) return;
      shutDown = true;
      await Promise.all(servers.map(({ server }) => server.shutdown()));
      await meterProvider.shutdown();
    },
  };
}
