import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteDurabilityDir } from '../../src/service/service-core.js';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import type { MetricsRequest } from '../../src/otlp/model.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import type { SeriesStore } from '../../src/series/series-store.js';
import { restoreCheckpoint } from '../../src/wal/checkpoint-reader.js';
import { OnDemandReader } from '../helpers/on-demand-reader.js';
import { numberPoint, resource, sum } from '../exporters/model-builders.js';
import { fakeIo } from './fake-io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replay-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2025, 0, 1) * 1e6; // producer start, ns

/** A cumulative counter point (total `value` at `t0 + seconds`) as a metrics request. */
function counterRequest(value: number, seconds: number): MetricsRequest {
  const point = { ...numberPoint(value), startTimeUnixNano: T0, timeUnixNano: T0 + seconds * 1e9 };
  const metric = sum('rec.iterations', '{iteration}', [{ ...point, isInt: true }]);
  return {
    resourceMetrics: [
      resource({ 'service.name': 'recorded' }, [metric], { name: 'rec', version: '' }),
    ],
  };
}

/** One OTLP/JSON line with a gauge point. */
function gaugeLine(value: number, seconds: number): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'recorded' } }] },
        scopeMetrics: [
          {
            scope: { name: 'rec' },
            metrics: [
              {
                name: 'rec.temperature',
                unit: 'Cel',
                gauge: {
                  dataPoints: [{ timeUnixNano: String(T0 + seconds * 1e9), asDouble: value }],
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

async function config(): Promise<{ file: string; db: string }> {
  const db = join(dir, 'replay.db');
  const file = join(dir, 'monitor.yaml');
  // The pipeline alone: no SLO, baselines, anomaly or trend engine, so the summary is the replay's own lines.
  await writeFile(
    file,
    `store: sqlite:${db}\nslo: { builtin: false }\nbaselines: { enabled: false }\noptimization: { enabled: false }\nanalytics: { enabled: false }\n`,
  );
  return { file, db };
}

/** The series store as checkpointed beside the SQLite file (in `PATH.series-wal/`). */
async function storedSeries(db: string): Promise<SeriesStore> {
  const series = createSeriesStore();
  const restored = await restoreCheckpoint(sqliteDurabilityDir(db), series);
  if (restored.path === undefined) throw new Error('no series checkpoint beside the store');
  return series;
}

function values(series: SeriesStore, metric: string): number[] {
  const [info] = series.listSeries({ metric });
  if (!info) throw new Error(`no series ${metric}`);
  return (series.recentSamples(info.id, 100) ?? []).map((s) => s.value);
}

describe('heterodyne-monitor replay', () => {
  it('replays exports recorded with the official OTLP serializers', async () => {
    const { file, db } = await config();
    const reader = new OnDemandReader();
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'sdk-recorded' }),
      readers: [reader],
    });
    const meter = provider.getMeter('recorder');
    meter.createCounter('sdk.frames').add(7, { detector: 'eiger' });
    const latency = meter.createHistogram('sdk.latency', {
      unit: 's',
      advice: { explicitBucketBoundaries: [1] },
    });
    latency.record(0.5);
    latency.record(1.5);
    const { resourceMetrics } = await reader.collect();
    await provider.shutdown();
    const pb = join(dir, 'export-metrics.pb');
    const json = join(dir, 'export.json');
    await writeFile(pb, ProtobufMetricsSerializer.serializeRequest(resourceMetrics) as Uint8Array);
    await writeFile(json, JsonMetricsSerializer.serializeRequest(resourceMetrics) as Uint8Array);

    const io = fakeIo();
    expect(await runCli(['replay', pb, json, '--config', file], io)).toBe(0);
    // The JSON file records the same export: its 2 points repeat the protobuf file's
    // timestamps, so they are dropped as duplicates.
    expect(io.out()).toMatch(
      /^replayed 2 files: 2 requests, 2 points accepted, 0 rejected, 2 dropped /,
    );
    const series = await storedSeries(db);
    expect(values(series, 'sdk.frames')).toEqual([7]);
    const [hist] = series.listSeries({ metric: 'sdk.latency' });
    expect(series.recentSamples(hist?.id ?? -1, 10)).toEqual([
      expect.objectContaining({ count: 2, value: 2 }),
    ]);
  });

  it('feeds protobuf files and JSON lines through the pipeline into the store', async () => {
    const { file, db } = await config();
    const first = join(dir, 'node-metrics-0001.pb');
    const second = join(dir, 'node-metrics-0002.pb');
    const lines = join(dir, 'recording.jsonl');
    await writeFile(first, encodeMetricsProtobuf(counterRequest(5, 10)));
    await writeFile(second, encodeMetricsProtobuf(counterRequest(12, 20)));
    await writeFile(lines, `${gaugeLine(21.5, 10)}\n${gaugeLine(22, 20)}\n`);

    const io = fakeIo();
    const code = await runCli(['replay', first, second, lines, '--config', file], io);
    expect(io.err()).toBe(
      [
        `[1/3] ${first}: 1 requests, 1 points accepted, 0 rejected`,
        `[2/3] ${second}: 1 requests, 1 points accepted, 0 rejected`,
        `[3/3] ${lines}: 2 requests, 2 points accepted, 0 rejected`,
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
    expect(io.out()).toBe(
      'replayed 3 files: 4 requests, 4 points accepted, 0 rejected, 0 dropped ' +
        '(duplicate, out of order or over the cardinality limit), 0 errors\n' +
        `series checkpoint: 2 series saved to sqlite:${db}\n`,
    );
    const series = await storedSeries(db);
    // A recording holds its producer's history: the first cumulative point counts whole
    // (5), the next one as its delta (12 - 5).
    expect(values(series, 'rec.iterations')).toEqual([5, 7]);
    expect(values(series, 'rec.temperature')).toEqual([21.5, 22]);
  });

  it('reports unreadable and undecodable input, replays the rest, and exits 1', async () => {
    const { file, db } = await config();
    const good = join(dir, 'good-metrics.pb');
    const garbage = join(dir, 'garbage-metrics.pb');
    const absent = join(dir, 'absent.json');
    await writeFile(good, encodeMetricsProtobuf(counterRequest(3, 1)));
    await writeFile(garbage, Buffer.from([0x0a, 0x7f, 0x01]));
    const io = fakeIo();
    const code = await runCli(['replay', garbage, absent, good, '-c', file], io);
    expect(code).toBe(1);
    expect(io.err()).toContain(
      `error: ${garbage}: not a valid OTLP metrics request (protobuf): resource_metrics`,
    );
    expect(io.err()).toContain(`error: ${absent}: cannot read: ENOENT`);
    expect(io.out()).toMatch(
      /^replayed 3 files: 1 requests, 1 points accepted, 0 rejected, .* 2 errors\n/,
    );
    expect(values(await storedSeries(db), 'rec.iterations')).toEqual([3]);
  });

  it('takes the signal from --signal for files that do not name it', async () => {
    const { file } = await config();
    const unnamed = join(dir, 'capture.bin');
    await writeFile(unnamed, encodeMetricsProtobuf(counterRequest(1, 1)));
    const without = fakeIo();
    expect(await runCli(['replay', unnamed, '--config', file], without)).toBe(1);
    expect(without.err()).toContain('cannot tell the signal of a protobuf file');
    const withFlag = fakeIo();
    expect(
      await runCli(['replay', unnamed, '--signal', 'metrics', '--config', file], withFlag),
    ).toBe(0);
  });

  it.each([
    [['replay'], /replay: no files given/],
    [
      ['replay', 'x.pb', '--signal', 'events'],
      /--signal must be one of metrics, traces, logs, got 'events'/,
    ],
    [['replay', 'x.pb', '--speed', '2'], /replay: Unknown option '--speed'/],
  ])('treats %j as a usage error (exit 2)', async (argv, message) => {
    const io = fakeIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
  });
});
