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
import { afterEach, beforeEach } from 'vitest';
import { clock } from '../../src/internal/clock.js';
import { resetNamedColdStarts } from '../../src/operation/operation.js';

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

/** A hand-driven clock, in milliseconds. */
export interface ManualClock {
  /** Moves the clock forward by `millis`. */
  advance(millis: number): void;
  /** Sets the clock to `millis`, forwards or backwards. */
  set(millis: number): void;
  /** Puts the real clock back. */
  restore(): void;
}

/** A hand-driven clock installed as the SDK's clock; `restore()` puts the real one back. */
export function manualClock(startMillis = 1000): ManualClock {
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

/** The `diag` warnings and errors seen while installed. */
export interface CapturedDiag {
  /** One line per message, arguments joined by spaces. */
  readonly messages: string[];
  /** Removes the logger. */
  restore(): void;
}

/** Collects `diag` warnings and errors while installed. */
export function captureDiag(): CapturedDiag {
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

/** What {@link useTelemetry} installs around each test besides the in-memory SDK. */
export interface UseTelemetryOptions {
  /**
   * Installs a {@link manualClock}: `true` starts it at its default (1000 ms), a number at
   * that many milliseconds.
   * @default false
   */
  clock?: boolean | number;
  /** Captures `diag` warnings and errors with {@link captureDiag}. @default false */
  diag?: boolean;
}

/**
 * Stable handles on what {@link useTelemetry} installs for the running test; each one
 * forwards to that test's own instance, so they can be destructured once per `describe`.
 */
export interface TelemetryFixture {
  /** The in-memory SDK of the running test. */
  readonly telemetry: Pick<TestTelemetry, 'spans' | 'span' | 'metrics'>;
  /** The manual clock of the running test; needs `clock`. */
  readonly time: Pick<ManualClock, 'advance' | 'set'>;
  /** The `diag` messages of the running test; needs `diag`. */
  readonly diagnostics: Pick<CapturedDiag, 'messages'>;
}

/**
 * Registers `beforeEach`/`afterEach` hooks in the enclosing `describe` that give every test
 * a fresh global in-memory SDK (and, on request, a manual clock and captured `diag`), and
 * afterwards restore `diag`, the clock and the process-wide named cold-start state, then
 * shut the SDK down.
 */
export function useTelemetry(options: UseTelemetryOptions = {}): TelemetryFixture {
  let installed: TestTelemetry | undefined;
  let time: ManualClock | undefined;
  let diagnostics: CapturedDiag | undefined;
  beforeEach(() => {
    installed = installTelemetry();
    if (options.clock !== undefined && options.clock !== false) {
      time = options.clock === true ? manualClock() : manualClock(options.clock);
    }
    if (options.diag === true) diagnostics = captureDiag();
  });
  afterEach(async () => {
    diagnostics?.restore();
    time?.restore();
    resetNamedColdStarts();
    const uninstalling = installed;
    installed = undefined;
    time = undefined;
    diagnostics = undefined;
    await uninstalling?.uninstall();
  });
  const current = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useTelemetry: ${what}`);
    return value;
  };
  const sdk = (): TestTelemetry => current(installed, 'the SDK exists only while a test runs');
  const clockNow = (): ManualClock =>
    current(time, 'the clock exists only while a test runs, with { clock: true }');
  return {
    telemetry: {
      spans: () => sdk().spans(),
      span: (name) => sdk().span(name),
      metrics: () => sdk().metrics(),
    },
    time: {
      advance: (millis) => clockNow().advance(millis),
      set: (millis) => clockNow().set(millis),
    },
    diagnostics: {
      get messages() {
        const what = 'diag messages exist only while a test runs, with { diag: true }';
        return current(diagnostics, what).messages;
      },
    },
  };
}
