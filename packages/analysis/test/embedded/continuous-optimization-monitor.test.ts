/**
 * The seed's API of the embedded monitor: monitored operations (sync, async, failing) become
 * operation metrics and SLOs in-process; the status, the HTML report and the dashboard
 * description read them; the monitor also runs on an application's own SDK set-up
 * (`providers: 'external'`), and a state directory keeps SLO history across restarts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContinuousOptimizationMonitor } from '../../src/embedded/continuous-optimization-monitor.js';
import { manualTimer } from '../helpers/manual-timer.js';

let dir: string;
const monitors: ContinuousOptimizationMonitor[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embedded-monitor-'));
});
afterEach(async () => {
  for (const m of monitors.splice(0)) await m.stopMonitoring();
  await rm(dir, { recursive: true, force: true });
});

function createMonitor(
  options: ConstructorParameters<typeof ContinuousOptimizationMonitor>[0] = {},
): {
  monitor: ContinuousOptimizationMonitor;
  now: { value: number };
  evaluate: () => Promise<void>;
} {
  const now = { value: Date.now() };
  const timer = manualTimer();
  const monitor = new ContinuousOptimizationMonitor({
    clock: { now: () => now.value },
    schedulerTimer: timer,
    memoryGauge: false,
    ...options,
  });
  monitors.push(monitor);
  return {
    monitor,
    now,
    evaluate: async () => {
      await monitor.flush();
      now.value += 30_000;
      await timer.fire();
    },
  };
}

describe('ContinuousOptimizationMonitor', () => {
  it('turns monitored operations into SLOs, status, report and dashboard, without a network', async () => {
    const { monitor, evaluate } = createMonitor({ sliTargets: { error_rate: 0.05 } });
    await monitor.startMonitoring();
    for (let i = 0; i < 20; i++) {
      const value = monitor.monitorOperation(
        'chi_squared_calculation',
        (op) => {
          op.recordAccuracy(i < 19 ? 0.9999 : 0.9);
          return i * 2;
        },
        { expectedAccuracy: 0.999 },
      );
      expect(value).toBe(i * 2);
    }
    await expect(
      monitor.monitorOperation('classical_optimization', async () => {
        await Promise.resolve();
        throw new RangeError('did not converge');
      }),
    ).rejects.toThrow('did not converge');
    await expect(
      monitor.monitorOperation('classical_optimization', () => Promise.resolve('fitted')),
    ).resolves.toBe('fitted');
    await evaluate();

    const status = await monitor.getMonitoringStatus();
    expect(status.monitoring).toBe(true);
    const accuracy = status.slos.find(
      (s) =>
        s.id.startsWith('accuracy_preservation') &&
        s.labels['heterodyne.operation.name'] === 'chi_squared_calculation',
    );
    expect(accuracy?.sli).toBeCloseTo(19 / 20, 12);
    const errors = status.slos.find(
      (s) =>
        s.id.startsWith('error_rate') &&
        s.labels['heterodyne.operation.name'] === 'classical_optimization',
    );
    expect(errors?.sli).toBeCloseTo(0.5, 12);
    expect(errors?.objective).toBe(0.95); // error_rate target 0.05 from sliTargets
    // Burning SLOs make it unhealthy; the service itself is fine and listens nowhere.
    expect(status.healthStatus).not.toBe('healthy');
    expect(status.service?.health).toBe('ok');
    expect(status.service?.receivers).toEqual({ http: null, grpc: null });
    expect(status.activeMetrics).toBeGreaterThanOrEqual(3);

    const output = join(dir, 'report.html');
    const html = await monitor.generateMonitoringReport({ outputFile: output });
    expect(await readFile(output, 'utf8')).toBe(html);
    expect(html).toContain('from embedded monitor');
    expect(html).toContain('chi_squared_calculation');
    expect(html).toContain('Accuracy preservation');

    const dashboard = await monitor.createPerformanceDashboard();
    const slo = dashboard.panels.find((p) => p.type === 'slo');
    expect(slo?.type === 'slo' && slo.rows.length).toBeGreaterThanOrEqual(2);
    expect(
      dashboard.panels.some(
        (p) => p.type === 'timeseries' && p.title.startsWith('heterodyne.operation.duration'),
      ),
    ).toBe(true);

    await monitor.stopMonitoring();
    expect((await monitor.getMonitoringStatus()).healthStatus).toBe('stopped');
    await expect(monitor.generateMonitoringReport()).rejects.toThrow('not monitoring');
    await expect(monitor.startMonitoring()).rejects.toThrow('create a new one');
  });

  it('rejects invalid options and arguments with errors that name them', async () => {
    expect(() => new ContinuousOptimizationMonitor({ monitoringIntervalSeconds: 0 })).toThrow(
      'monitoringIntervalSeconds',
    );
    expect(() => new ContinuousOptimizationMonitor({ sliTargets: { response_time: -1 } })).toThrow(
      /response_time/,
    );
    expect(() => new ContinuousOptimizationMonitor({ maxQueuedSpans: 10 })).toThrow(
      'maxQueuedSpans',
    );
    const { monitor } = createMonitor();
    await monitor.startMonitoring();
    await expect(monitor.startMonitoring()).rejects.toThrow('already monitoring');
    expect(() => monitor.monitorOperation('', () => 1)).toThrow('name');
    expect(() => monitor.monitorOperation('op', () => 1, { expectedAccuracy: 2 })).toThrow(
      'expectedAccuracy',
    );
  });

  it('drops and counts spans past maxQueuedSpans instead of holding them', async () => {
    const { monitor } = createMonitor({ maxQueuedSpans: 4, maxBatchSpans: 4 });
    await monitor.startMonitoring();
    // The first four fill a batch that is handed over at once; the rest wait in the buffer
    // behind it (4 in flight + up to 4 buffered would pass the limit of 4 held).
    for (let i = 0; i < 10; i++) monitor.monitorOperation('op', () => i);
    await monitor.flush();
    const status = await monitor.getMonitoringStatus();
    expect(status.droppedSpans).toBe(6);
    expect(status.service?.dropped).toEqual({ overloaded: 6 });
    expect(status.service?.totals.acceptedPoints).toBe(4);
  });

  it("runs on the application's own providers with providers: 'external'", async () => {
    const { monitor, evaluate } = createMonitor({ providers: 'external' });
    await monitor.startMonitoring();
    expect(monitor.tracerProvider).toBeUndefined();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [monitor.spanProcessor] });
    const meterProvider = new MeterProvider({ readers: [monitor.metricReader] });
    const span = tracerProvider
      .getTracer('app')
      .startSpan('fit', { attributes: { 'heterodyne.operation.name': 'robust_optimization' } });
    span.end();
    meterProvider.getMeter('app').createCounter('heterodyne.cache.requests').add(3, {
      'heterodyne.cache.result': 'hit',
    });
    await evaluate();
    const status = await monitor.getMonitoringStatus();
    expect(
      status.slos.some(
        (s) =>
          s.id.startsWith('error_rate') &&
          s.labels['heterodyne.operation.name'] === 'robust_optimization' &&
          s.sli === 0,
      ),
    ).toBe(true);
    expect(status.slos.find((s) => s.id.startsWith('cache_hit_rate'))?.sli).toBe(1);
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  });

  it('keeps the SLO history in monitoringDir across a restart', async () => {
    const first = createMonitor({ monitoringDir: dir });
    await first.monitor.startMonitoring();
    first.monitor.monitorOperation('fit', () => 1);
    await first.evaluate();
    const before = (await first.monitor.getMonitoringStatus()).slos.find((s) =>
      s.id.startsWith('error_rate'),
    );
    expect(before?.sli).toBe(0);
    await first.monitor.stopMonitoring();

    const second = createMonitor({ monitoringDir: dir });
    second.now.value = first.now.value + 1000;
    await second.monitor.startMonitoring();
    await second.evaluate();
    const after = (await second.monitor.getMonitoringStatus()).slos.find((s) =>
      s.id.startsWith('error_rate'),
    );
    expect(after?.id).toBe(before?.id);
    expect(after?.sli).toBe(0);
  });
});
