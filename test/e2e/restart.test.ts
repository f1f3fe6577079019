/**
 * Restart: stop the service (graceful shutdown checkpoints the series store) and start a new
 * one on the same store; what was stored is still there, and cumulative streams continue
 * from their restored references instead of starting over. Both stores: a SQLite file, and
 * PostgreSQL when `HETERODYNE_TEST_PG_URL` is set.
 */
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { scratchPgSchema } from './helpers/pg-schema.js';
import { OnDemandReader } from './helpers/on-demand-reader.js';
import { oneSeries, samplesOf, statusOf } from './helpers/api.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';
import type { TestService } from './helpers/service.js';

const cleanup = useCleanup();
/** One SDK that outlives both services, exporting cumulative data to whichever runs. */
function producer() {
  const reader = new OnDemandReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'restart-e2e' }),
    readers: [reader],
  });
  cleanup.push(() => provider.shutdown());
  const meter = provider.getMeter('restart');
  const counter = meter.createCounter('restart.iterations');
  const histogram = meter.createHistogram('restart.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [1] },
  });
  return {
    counter,
    histogram,
    async exportTo(t: TestService): Promise<void> {
      const exporter = new OTLPMetricExporter({ url: `${t.addresses.otlpHttp}/v1/metrics` });
      const { resourceMetrics } = await reader.collect();
      const result = await new Promise<{ code: number }>((r) =>
        exporter.export(resourceMetrics, r),
      );
      await exporter.shutdown();
      expect(result.code).toBe(ExportResultCode.SUCCESS);
    },
  };
}

/** A store URL and the environment its `${...}` references need. */
interface StoreTarget {
  url: string;
  env?: Record<string, string>;
  /** `processors` YAML (a PostgreSQL store's write-ahead log directory). */
  processorsYaml?: string;
}

function restartSuite(name: string, store: () => Promise<StoreTarget>): void {
  it(`keeps the series store across a restart on ${name}`, async () => {
    const { url, env, processorsYaml } = await store();
    const sdk = producer();

    const first = await startTestService({ store: url, env, processorsYaml });
    cleanup.push(first.stop);
    sdk.counter.add(3);
    sdk.histogram.record(0.5);
    sdk.histogram.record(2);
    await sdk.exportTo(first);
    const api1 = first.addresses.api;
    const counter1 = await oneSeries(api1, 'restart.iterations');
    const before = await samplesOf(api1, counter1.id);
    expect(before.map((s) => s.value)).toEqual([3]);
    const hist1 = await oneSeries(api1, 'restart.duration');
    await first.stop();

    const second = await startTestService({ store: url, env, processorsYaml });
    cleanup.push(second.stop);
    const api2 = second.addresses.api;
    // Same series (ids survive the checkpoint) and the same samples.
    const counter2 = await oneSeries(api2, 'restart.iterations');
    expect(counter2.id).toBe(counter1.id);
    expect(await samplesOf(api2, counter2.id)).toEqual(before);
    const hist2 = await oneSeries(api2, 'restart.duration');
    expect(hist2.id).toBe(hist1.id);
    expect((await samplesOf(api2, hist2.id)).map((s) => [s.count, s.sum])).toEqual([[2, 2.5]]);
    expect((await statusOf(api2)).series.active).toBe(2);

    // The producer kept running: its next cumulative export (3+4 = 7) becomes a delta of 4
    // against the restored reference, not a reset that would count 7.
    sdk.counter.add(4);
    sdk.histogram.record(3);
    await sdk.exportTo(second);
    expect((await samplesOf(api2, counter2.id)).map((s) => s.value)).toEqual([3, 4]);
    expect((await samplesOf(api2, hist2.id)).map((s) => [s.count, s.sum])).toEqual([
      [2, 2.5],
      [1, 3],
    ]);
  });
}

describe('restart on the SQLite store', () => {
  restartSuite('a SQLite file', async () => {
    const { dir, remove } = await tempDir('e2e-restart-');
    cleanup.push(remove);
    return { url: sqliteUrl(dir) };
  });
});

const PG_URL = process.env.HETERODYNE_TEST_PG_URL;
const MISSING =
  'HETERODYNE_TEST_PG_URL is not set: run `.ci/postgres.sh` as root and export the line it prints';

describe('restart on the PostgreSQL store', () => {
  if (PG_URL === undefined) {
    if (process.env.CI === 'true') {
      it('has a PostgreSQL server to test against', () => {
        throw new Error(`${MISSING} (CI=true: the PostgreSQL restart test must run)`);
      });
    } else {
      console.warn(`\n*** SKIPPING the PostgreSQL restart test: ${MISSING} ***\n`);
      it.skip(`keeps the series store across a restart on PostgreSQL (skipped: ${MISSING})`, () => {});
    }
    return;
  }
  const base = PG_URL;
  restartSuite('PostgreSQL', async () => {
    const { url, env } = scratchPgSchema(base, 'e2e_restart_', cleanup);
    // The write-ahead log and checkpoints of a PostgreSQL store live on local disk.
    const { dir, remove } = await tempDir('e2e-restart-pg-');
    cleanup.push(remove);
    const processorsYaml = `queue: {}\nseries:\n  wal:\n    dir: ${join(dir, 'wal')}`;
    return { url, env, processorsYaml };
  });
});
