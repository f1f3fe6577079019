/**
 * An instrumented workload for end-to-end tests: `@heterodyne/sdk` calls (operations with
 * accuracy checks, errors and non-finite results, cache lookups, compilations, security
 * checks, optimizer iterations, memory gauges) recorded by a real OTel MeterProvider and
 * exported as OTLP/HTTP protobuf to a service, every `exportIntervalMillis`.
 */
import { metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import {
  monitorOperation,
  recordCacheAccess,
  recordCompilation,
  recordIterations,
  registerMemoryGauges,
  withSecurityCheck,
} from '@heterodyne/sdk';

/** Options of {@link startInstrumentedWorkload}. */
export interface WorkloadOptions {
  /** OTLP/HTTP base URL of the receiving service. */
  otlpHttp: string;
  /** `service.name` of the workload. */
  serviceName: string;
  /** Export interval. @default 500 */
  exportIntervalMillis?: number;
  /** Pause between iterations of the loop. @default 20 */
  pauseMillis?: number;
  /**
   * Distinct `detector` values of the extra counter `xpcs.frames`: more than the service's
   * `cardinality_limit` makes it drop points (reason `cardinality_limit`). @default 0
   */
  detectors?: number;
}

/** A running workload. */
export interface RunningWorkload {
  /** Iterations run so far. */
  readonly iterations: () => number;
  /** Stops the loop, flushes and shuts the provider down. */
  stop(): Promise<void>;
}

/** Starts the workload loop; it runs until `stop()`. */
export function startInstrumentedWorkload(options: WorkloadOptions): RunningWorkload {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.instance.id': `${options.serviceName}-1`,
    }),
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${options.otlpHttp}/v1/metrics` }),
        exportIntervalMillis: options.exportIntervalMillis ?? 500,
      }),
    ],
  });
  metrics.setGlobalMeterProvider(provider);
  const unregisterMemory = registerMemoryGauges();
  const frames = provider.getMeter('workload').createCounter('xpcs.frames', { unit: '{frame}' });
  let n = 0;
  // Every 7th call throws; accuracy alternates above and below the expected 0.999 (so some
  // checks are violations); every 5th result holds a NaN.
  const fit = monitorOperation(
    'correlation_fit',
    (i: number) => {
      if (i % 7 === 0) throw new RangeError('fit diverged');
      return i % 5 === 0 ? [i, Number.NaN] : [i, i * 2];
    },
    { expectedAccuracy: 0.999, accuracy: () => (n % 2 === 0 ? 0.9995 : 0.99) },
  );
  const chi2 = monitorOperation('chi_squared', (i: number) => i * i);
  let running = true;
  const loop = (async () => {
    while (running) {
      n += 1;
      try {
        fit(n);
      } catch {
        // Counted by the wrapper (error.type).
      }
      chi2(n);
      recordCacheAccess('geometry', n % 3 !== 0);
      recordCompilation('correlation_kernel', 0.002 + (n % 4) * 0.001);
      withSecurityCheck('input_validation', () => n);
      recordIterations('correlation_fit', 20 + (n % 30), 'nelder-mead');
      const detectors = options.detectors ?? 0;
      if (detectors > 0) frames.add(1, { detector: `d${n % detectors}` });
      await new Promise((r) => setTimeout(r, options.pauseMillis ?? 20));
    }
  })();
  return {
    iterations: () => n,
    async stop() {
      running = false;
      await loop;
      unregisterMemory();
      await provider.forceFlush();
      await provider.shutdown();
      metrics.disable();
    },
  };
}
