/**
 * `service`: pipelines that tie receivers, processors and exporters together per signal, and
 * the service's own telemetry, in the Collector's shape.
 *
 * ```yaml
 * service:
 *   pipelines:
 *     metrics: { receivers: [otlp], processors: [queue, series], exporters: [prometheus] }
 *   telemetry:
 *     logs: { level: info }
 *     metrics: { level: normal }
 *     resource: { service.name: heterodyne-monitor }
 *   replica: ${HOSTNAME}      # only when several replicas share one store
 * ```
 *
 * Without `service.pipelines`, each signal gets a pipeline of every defined component that
 * supports it.
 */
import { DEFAULT_SERVICE_NAME } from './defaults.js';
import { readString, report } from './yaml-scalars.js';
import type { MapReader } from './yaml-reader.js';
import { isScalar } from 'yaml';
import type {
  ExporterConfig,
  PipelineConfig,
  ProcessorConfig,
  ReceiverConfig,
  ServiceTelemetryConfig,
  SignalType,
} from './types.js';

/** The signals, in pipeline order. */
export const SIGNALS: readonly SignalType[] = ['metrics', 'traces', 'logs'];

/** Which signals each component type handles. */
const SUPPORTS: Readonly<Record<string, Readonly<Record<string, readonly SignalType[]>>>> = {
  receiver: { otlp: SIGNALS },
  // Spans carrying heterodyne.* attributes become operation metrics, so traces feed the store.
  processor: { queue: SIGNALS, series: ['metrics', 'traces'] },
  // The otlp exporter sends derived metrics (metrics) and alert log records (logs).
  exporter: { otlp: ['metrics', 'logs'], prometheus: ['metrics'], debug: SIGNALS },
};

/** Processors that must run in this order when a pipeline lists several. */
const PROCESSOR_ORDER = ['queue', 'series'];

type Components = {
  receivers: Record<string, ReceiverConfig>;
  processors: Record<string, ProcessorConfig>;
  exporters: Record<string, ExporterConfig>;
};

function supports(kind: string, type: string, signal: SignalType): boolean {
  return SUPPORTS[kind]?.[type]?.includes(signal) ?? false;
}

function defaultPipelines(components: Components): Record<string, PipelineConfig> {
  const out: Record<string, PipelineConfig> = {};
  for (const signal of SIGNALS) {
    const pick = (kind: string, defined: Record<string, { type: string }>): string[] =>
      Object.entries(defined)
        .filter(([, c]) => supports(kind, c.type, signal))
        .map(([id]) => id);
    const processors = pick('processor', components.processors).sort(
      (a, b) =>
        PROCESSOR_ORDER.indexOf(components.processors[a]?.type ?? '') -
        PROCESSOR_ORDER.indexOf(components.processors[b]?.type ?? ''),
    );
    const receivers = pick('receiver', components.receivers);
    if (receivers.length === 0) continue;
    out[signal] = {
      id: signal,
      signal,
      receivers,
      processors,
      exporters: pick('exporter', components.exporters),
    };
  }
  return out;
}

function readPipeline(
  pipelines: MapReader,
  id: string,
  signal: SignalType,
  components: Components,
): PipelineConfig {
  const reader = pipelines.map(id);
  const lists = {
    receivers: components.receivers as Record<string, { type: string }>,
    processors: components.processors as Record<string, { type: string }>,
    exporters: components.exporters as Record<string, { type: string }>,
  };
  const out: PipelineConfig = { id, signal, receivers: [], processors: [], exporters: [] };
  let receiversListed = 0;
  for (const field of ['receivers', 'processors', 'exporters'] as const) {
    const kind = field.slice(0, -1);
    const items = reader.stringItems(field);
    const seen = new Set<string>();
    if (field === 'receivers') receiversListed = items.length;
    for (const { value: ref, node, path } of items) {
      const component = lists[field][ref];
      if (seen.has(ref)) {
        report(reader.ctx, path, `lists ${kind} "${ref}" twice`, node);
      } else if (!component) {
        const defined = Object.keys(lists[field]).join(', ') || 'none';
        report(
          reader.ctx,
          path,
          `references undefined ${kind} "${ref}" (defined: ${defined})`,
          node,
        );
      } else if (!supports(kind, component.type, signal)) {
        report(reader.ctx, path, `${kind} "${ref}" does not handle ${signal}`, node);
      } else {
        out[field].push(ref);
      }
      seen.add(ref);
    }
  }
  if (receiversListed === 0) {
    report(
      reader.ctx,
      reader.pathOf('receivers'),
      'must list at least one receiver',
      pipelines.keyNode(id),
    );
  }
  const order = out.processors.map((p) => PROCESSOR_ORDER.indexOf(lists.processors[p]?.type ?? ''));
  if (order.some((rank, i) => i > 0 && rank < (order[i - 1] as number))) {
    report(
      reader.ctx,
      reader.pathOf('processors'),
      `must list processors in the order ${PROCESSOR_ORDER.join(', ')} (the queue admits data, the series processor stores it)`,
      reader.node('processors'),
    );
  }
  reader.finish();
  return out;
}

/** Reads `service.pipelines`, checking every reference. */
export function readPipelines(
  service: MapReader,
  components: Components,
): Record<string, PipelineConfig> {
  if (!service.has('pipelines')) return defaultPipelines(components);
  const pipelines = service.map('pipelines');
  const out: Record<string, PipelineConfig> = {};
  for (const { key, path } of pipelines.entries()) {
    const signal = key.split('/', 1)[0] as SignalType;
    if (!SIGNALS.includes(signal) || /\/$|\s/.test(key)) {
      report(
        service.ctx,
        path,
        `"${key}" is not a pipeline id: write metrics, traces or logs, optionally with /name`,
        pipelines.keyNode(key),
      );
      continue;
    }
    out[key] = readPipeline(pipelines, key, signal, components);
  }
  if (pipelines.keys().length === 0) {
    report(
      service.ctx,
      pipelines.path,
      'must define at least one pipeline',
      service.node('pipelines'),
    );
  }
  pipelines.finish();
  return out;
}

/** Warnings for components that no pipeline uses. */
export function unusedComponents(
  components: Components,
  pipelines: Record<string, PipelineConfig>,
): string[] {
  const used = {
    receivers: new Set(Object.values(pipelines).flatMap((p) => p.receivers)),
    processors: new Set(Object.values(pipelines).flatMap((p) => p.processors)),
    exporters: new Set(Object.values(pipelines).flatMap((p) => p.exporters)),
  };
  const out: string[] = [];
  for (const field of ['receivers', 'processors', 'exporters'] as const) {
    for (const id of Object.keys(components[field])) {
      if (!used[field].has(id)) out.push(`${field}.${id} is defined but no pipeline uses it`);
    }
  }
  return out;
}

/** Reads `service.telemetry`. */
export function readServiceTelemetry(service: MapReader): ServiceTelemetryConfig {
  const telemetry = service.map('telemetry');
  const logs = telemetry.map('logs');
  const logLevel = logs.oneOf('level', ['debug', 'info', 'warn', 'error'] as const, 'info');
  logs.finish();
  const metrics = telemetry.map('metrics');
  const metricsLevel = metrics.oneOf(
    'level',
    ['none', 'basic', 'normal', 'detailed'] as const,
    'normal',
  );
  metrics.finish();
  const resourceReader = telemetry.map('resource');
  const resource: Record<string, string | number | boolean> = {
    'service.name': DEFAULT_SERVICE_NAME,
  };
  for (const { key, node, path } of resourceReader.entries()) {
    const raw = node && isScalar(node) ? node.value : undefined;
    if (typeof raw === 'number' || typeof raw === 'boolean') {
      resource[key] = raw;
      continue;
    }
    const value = readString(service.ctx, node, path);
    if (value !== undefined) resource[key] = value;
  }
  resourceReader.finish();
  telemetry.finish();
  return { logLevel, metricsLevel, resource };
}

/** What a replica name may hold: it becomes part of state keys in the shared store. */
const REPLICA_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * Reads `service.replica`: the name of this replica among those sharing one store. Each
 * replica keeps its own SLO counters and escalation states under its name, so a restarted
 * replica restores its own and never another's. It must be stable across restarts (a
 * StatefulSet pod name, a host name) and unique among the replicas. Unset for one replica.
 */
export function readReplica(service: MapReader): string | undefined {
  const replica = service.string('replica');
  if (replica === undefined || replica === '') return undefined;
  if (!REPLICA_NAME.test(replica)) {
    report(
      service.ctx,
      service.pathOf('replica'),
      `must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit (got ${JSON.stringify(replica)})`,
      service.node('replica'),
    );
    return undefined;
  }
  return replica;
}
