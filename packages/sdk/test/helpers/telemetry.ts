import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { DiagLogLevel, context, diag, metrics, trace } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { clock } from '../../src/internal/clock.js';

/** A reader collected on demand by the test. */
export class TestMetricReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** An in-memory OpenTelemetry SDK registered as the global providers. */
export interface TestTelemetry {
  readonly exporter: InMemorySpanExporter;
  readonly reader: TestMetricReader;
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  spans(): ReadableSpan[];
  span(name: string): ReadableSpan;
  /** Collects and returns metrics by name. */
  metrics(): Promise<Map<string, MetricData>>;
  uninstall(): Promise<void>;
}

/** Creates in-memory providers without registering them globally. */
export function createProviders(): Omit<TestTelemetry, 'uninstall'> {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const reader = new TestMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    exporter,
    reader,
    tracerProvider,
    meterProvider,
    spans: () => exporter.getFinishedSpans(),
    span(name: string): ReadableSpan {
      const found = exporter.getFinishedSpans().filter((s) => s.name === name);
      if (found.length !== 1) throw new Error(`expected one span ${name}, found ${found.length}`);
      return found[0] as ReadableSpan;
    },
    async metrics(): Promise<Map<string, MetricData>> {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw errors[0];
      const byName = new Map<string, MetricData>();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
      }
      return byName;
    },
  };
}

/** Registers in-memory providers and an AsyncLocalStorage context manager globally. */
export function installTelemetry(): TestTelemetry {
  const providers = createProviders();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(providers.tracerProvider);
  metrics.setGlobalMeterProvider(providers.meterProvider);
  return {
    ...providers,
    async uninstall(): Promise<void> {
      trace.disable();
      metrics.disable();
      context.disable();
      await providers.tracerProvider.shutdown();
      await providers.meterProvider.shutdown();
    },
  };
}

/** The data points of a metric, or an empty list when it has none. */
export function points<T = unknown>(metric: MetricData | undefined): DataPoint<T>[] {
  return (metric?.dataPoints ?? []) as DataPoint<T>[];
}

/** The histogram point of `metric` whose attributes equal `attributes`. */
export function histogramPoint(
  metric: MetricData | undefined,
  attributes: Record<string, unknown>,
): Histogram | undefined {
  return points<Histogram>(metric).find((p) => sameAttributes(p.attributes, attributes))?.value;
}

/** The value of the sum point of `metric` whose attributes equal `attributes`. */
export function sumPoint(
  metric: MetricData | undefined,
  attributes: Record<string, unknown>,
): number | undefined {
  return points<number>(metric).find((p) => sameAttributes(p.attributes, attributes))?.value;
}

function sameAttributes(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is(a[k], b[k]));
}

/** A hand-driven clock installed as the SDK's clock; `restore()` puts the real one back. */
export function manualClock(startMillis = 1000): {
  advance(millis: number): void;
  set(millis: number): void;
  restore(): void;
} {
  const real = clock.now;
  let now = startMillis;
  clock.now = () => now;
  return {
    advance: (millis) => {
      now += millis;
    },
    set: (millis) => {
      now = millis;
    },
    restore: () => {
      clock.now = real;
    },
  };
}

/** Collects `diag` warnings and errors while installed. */
export function captureDiag(): { messages: string[]; restore(): void } {
  const messages: string[] = [];
  // Component loggers pass their namespace as the first argument.
  const push = (...args: unknown[]): void => {
    messages.push(args.map(String).join(' '));
  };
  const logger: DiagLogger = {
    error: push,
    warn: push,
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return { messages, restore: () => diag.disable() };
}

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
