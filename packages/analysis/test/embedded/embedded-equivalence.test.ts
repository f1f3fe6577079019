/**
 * Embedded mode computes what the service computes: one workload (operation spans with
 * errors and accuracy checks, a cache counter) is recorded through the OpenTelemetry SDK
 * twice, once into a `ContinuousOptimizationMonitor` (span processor and metric reader, no
 * network) and once through the SDK's OTLP exporters into a running service on loopback. On
 * the same injected clock and evaluation boundaries, the SLOs and findings are the same.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Meter, Tracer } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ACCURACY_ACHIEVED,
  ATTR_ACCURACY_EXPECTED,
  ATTR_CACHE_RESULT,
  ATTR_ERROR_TYPE,
  ATTR_OPERATION_NAME,
  METRIC_CACHE_REQUESTS,
} from '@heterodyne/semconv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingView } from '../../src/api/types.js';
import { parseConfig } from '../../src/config/load-config.js';
import { ContinuousOptimizationMonitor } from '../../src/embedded/continuous-optimization-monitor.js';
import type { SloView } from '../../src/engines/slo/slo-views.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import type { AnalysisService } from '../../src/service/types.js';
import { manualTimer } from '../helpers/manual-timer.js';

const RESOURCE = { 'service.name': 'equivalence-workload' };
const OPERATIONS = 80;

/** The workload: 80 fits, every 5th failing, every 8th below its accuracy; 70 hits, 30 misses. */
function workload(tracer: Tracer, meter: Meter, startMillis: number): void {
  for (let i = 0; i < OPERATIONS; i++) {
    const start = startMillis + i * 1000;
    const span = tracer.startSpan('fit', {
      startTime: start,
      attributes: {
        [ATTR_OPERATION_NAME]: 'classical_optimization',
        [ATTR_ACCURACY_EXPECTED]: 0.999,
        [ATTR_ACCURACY_ACHIEVED]: i % 8 === 0 ? 0.99 : 0.9999,
      },
    });
    if (i % 5 === 0) {
      span.setAttribute(ATTR_ERROR_TYPE, 'ConvergenceError');
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end(start + 100 + (i % 7) * 40);
  }
  const cache = meter.createCounter(METRIC_CACHE_REQUESTS);
  cache.add(70, { [ATTR_CACHE_RESULT]: 'hit', 'heterodyne.cache.name': 'model' });
  cache.add(30, { [ATTR_CACHE_RESULT]: 'miss', 'heterodyne.cache.name': 'model' });
}

/** What is compared of an SLO group. */
function sloFacts(slos: readonly SloView[]) {
  return slos
    .flatMap((s) => s.groups)
    .map((g) => ({
      id: g.id,
      labels: g.labels,
      sli: g.sli,
      good: g.good,
      total: g.total,
      budgetRemaining: g.budgetRemaining,
      burnRates: g.burnRates,
      state: g.state,
      atMillis: g.atMillis,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** What is compared of a finding. */
function findingFacts(findings: readonly FindingView[]) {
  return findings
    .map((f) => ({
      engine: f.engine,
      kind: f.kind,
      severity: f.severity,
      state: f.state,
      labels: f.labels,
      value: f.value,
      startsAtMillis: f.startsAtMillis,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

let dir: string;
let service: AnalysisService | undefined;
let monitor: ContinuousOptimizationMonitor | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embedded-equivalence-'));
});
afterEach(async () => {
  await monitor?.stopMonitoring();
  await service?.shutdown();
  monitor = undefined;
  service = undefined;
  await rm(dir, { recursive: true, force: true });
});

const EVALUATIONS = 3;
const STEP = 30_000;

describe('embedded mode', () => {
  it('gives the same SLO values and findings as the service for the same workload', async () => {
    const t0 = Date.now();
    const dataStart = t0 - 5 * 60_000;
    const resource = resourceFromAttributes(RESOURCE);

    // Embedded: span processor and metric reader feeding the in-process service.
    const embeddedNow = { value: t0 };
    const embeddedTimer = manualTimer();
    monitor = new ContinuousOptimizationMonitor({
      monitoringIntervalSeconds: 30,
      clock: { now: () => embeddedNow.value },
      schedulerTimer: embeddedTimer,
      resource,
      memoryGauge: false,
    });
    await monitor.startMonitoring();
    workload(
      monitor.tracerProvider!.getTracer('workload'),
      monitor.meterProvider!.getMeter('workload'),
      dataStart,
    );
    await monitor.flush();
    for (let k = 1; k <= EVALUATIONS; k++) {
      embeddedNow.value = t0 + k * STEP;
      await embeddedTimer.fire();
    }
    const backend = monitor.backend()!;
    const embeddedSlos = sloFacts(backend.listSlos()!);
    const embeddedFindings = findingFacts(backend.listFindings({ limit: 1000 }).findings);

    // Service: the SDK's OTLP/HTTP exporters to a running service on loopback.
    const parsed = parseConfig(
      [
        'receivers:',
        '  otlp:',
        '    protocols:',
        '      http: { endpoint: 127.0.0.1:0 }',
        'api: { endpoint: 127.0.0.1:0 }',
        `store: sqlite:${join(dir, 'service.db')}`,
        'slo: { evaluation_interval: 30s }',
        'baselines: { evaluation_interval: 30s }',
        '',
      ].join('\n'),
      { file: 'service.yaml' },
    );
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    const serviceNow = { value: t0 };
    const serviceTimer = manualTimer();
    service = createAnalysisService(parsed.value, {
      clock: { now: () => serviceNow.value },
      schedulerTimer: serviceTimer,
      checkpointIntervalMillis: 0,
    });
    const addresses = await service.start();
    const tracerProvider = new BasicTracerProvider({
      resource,
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${addresses.otlpHttp}/v1/traces` })),
      ],
    });
    const meterProvider = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: `${addresses.otlpHttp}/v1/metrics` }),
          exportIntervalMillis: 3_600_000,
        }),
      ],
    });
    workload(tracerProvider.getTracer('workload'), meterProvider.getMeter('workload'), dataStart);
    await tracerProvider.forceFlush();
    await meterProvider.forceFlush();
    for (let k = 1; k <= EVALUATIONS; k++) {
      serviceNow.value = t0 + k * STEP;
      await serviceTimer.fire();
    }
    const slosBody = (await (await fetch(`${addresses.api}/api/v1/slos`)).json()) as {
      slos: SloView[];
    };
    const findingsBody = (await (
      await fetch(`${addresses.api}/api/v1/findings?limit=1000`)
    ).json()) as { findings: FindingView[] };
    await tracerProvider.shutdown();
    await meterProvider.shutdown();

    // The workload reached the engines (not two empty results compared).
    const errorRate = embeddedSlos.find((g) => g.id.startsWith('error_rate'));
    expect(errorRate?.total).toBe(OPERATIONS);
    expect(errorRate?.sli).toBeCloseTo(16 / OPERATIONS, 12);
    const cache = embeddedSlos.find((g) => g.id.startsWith('cache_hit_rate'));
    expect(cache?.sli).toBeCloseTo(0.7, 12);
    const accuracy = embeddedSlos.find((g) => g.id.startsWith('accuracy_preservation'));
    expect(accuracy?.total).toBe(OPERATIONS);
    expect(embeddedFindings.some((f) => f.kind.startsWith('slo.burn_rate'))).toBe(true);

    expect(sloFacts(slosBody.slos)).toEqual(embeddedSlos);
    expect(findingFacts(findingsBody.findings)).toEqual(embeddedFindings);
  });
});
