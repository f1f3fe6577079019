import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { DroppedMetric } from '../../src/exporters/prometheus-translate.js';
import { toPrometheusFamilies } from '../../src/exporters/prometheus-translate.js';
import { AggregationTemporality } from '../../src/otlp/model.js';
import type { Attributes, Metric } from '../../src/otlp/model.js';
import { createIngestPipeline } from '../../src/pipeline/ingest-pipeline.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { createPassThrough } from '../../src/service/pass-through.js';
import {
  RESOURCE_HASH_LABEL,
  renderPassThroughText,
} from '../../src/service/prometheus-pass-through.js';
import type { PassThroughTextOptions } from '../../src/service/prometheus-pass-through.js';
import {
  exponentialPoint,
  histogramPoint,
  manualClock,
  metric,
  metricsRequest,
  ms,
  numberPoint,
  summaryPoint,
} from '../series/builders.js';

const { DELTA, CUMULATIVE } = AggregationTemporality;

function setup() {
  const clock = manualClock(0);
  const series = createSeriesStore({ clock });
  const pipeline = createIngestPipeline({ store: series, clock });
  const passThrough = createPassThrough(series, { startTimeMillis: ms(0) });
  const send = (at: number, resource: Attributes, ...metrics: Metric[]): void => {
    clock.set(at);
    const result = pipeline.ingestMetrics(metricsRequest(metrics, resource));
    if (result.rejectedPoints > 0) throw new Error(result.errorMessage);
  };
  const render = async (
    options: PassThroughTextOptions = {},
    own = toPrometheusFamilies([]).families,
  ): Promise<{ text: string; chunks: string[]; dropped: DroppedMetric[] }> => {
    const dropped: DroppedMetric[] = [];
    const chunks: string[] = [];
    for await (const chunk of renderPassThroughText(series, passThrough, own, dropped, options))
      chunks.push(chunk);
    return { text: chunks.join(''), chunks, dropped };
  };
  return { series, send, render };
}

const SVC = { 'service.name': 'fit', 'service.instance.id': 'a' };

const latency = (
  t: number,
  counts: number[],
  sum: number,
  temporality: AggregationTemporality = DELTA,
): Metric =>
  metric(
    'rpc.duration',
    {
      type: 'histogram',
      temporality,
      points: [
        histogramPoint(t, [0.1, 1, 10], counts, {
          start: temporality === DELTA ? t - 1 : 1,
          sum,
          attributes: { op: 'solve' },
        }),
      ],
    },
    's',
  );

describe('received metrics as Prometheus text', () => {
  it('renders histograms as cumulative _bucket lines up to +Inf, with _sum and _count', async () => {
    const { send, render } = setup();
    send(10, SVC, latency(10, [1, 2, 0, 0], 1.5));
    send(20, SVC, latency(20, [0, 1, 3, 1], 40));
    const { text } = await render();
    const labels =
      'op="solve",otel_scope_name="scope",otel_scope_version="1",job="fit",instance="a"';
    expect(text).toContain(
      [
        '# TYPE rpc_duration_seconds histogram',
        `rpc_duration_seconds_bucket{${labels},le="0.1"} 1`,
        `rpc_duration_seconds_bucket{${labels},le="1"} 4`,
        `rpc_duration_seconds_bucket{${labels},le="10"} 7`,
        `rpc_duration_seconds_bucket{${labels},le="+Inf"} 8`,
        `rpc_duration_seconds_sum{${labels}} 41.5`,
        `rpc_duration_seconds_count{${labels}} 8`,
      ].join('\n'),
    );
    expect(text).not.toContain('quantile=');
  });

  it('renders exponential histograms as classic buckets with bounds from their scale', async () => {
    const { send, render } = setup();
    send(
      10,
      SVC,
      metric('size', {
        type: 'exponentialHistogram',
        temporality: DELTA,
        // Scale 0: bucket i is (2^i, 2^(i+1)]; offset 1 → (2, 4], (4, 8].
        points: [exponentialPoint(10, 0, 1, [2, 3], { start: 9, sum: 20, zeroCount: 1 })],
      }),
    );
    const { text } = await render();
    expect(text).toContain(
      'size_bucket{otel_scope_name="scope",otel_scope_version="1",job="fit",instance="a",le="0"} 1\n',
    );
    expect(text).toMatch(/size_bucket\{[^}]*le="4"\} 3\n/);
    expect(text).toMatch(/size_bucket\{[^}]*le="8"\} 6\n/);
    expect(text).toMatch(/size_bucket\{[^}]*le="\+Inf"\} 6\n/);
    expect(text).toMatch(/size_count\{[^}]*\} 6\n/);
  });

  it('renders counters as _total from delta and cumulative producers, gauges and summaries', async () => {
    const { send, render } = setup();
    const hits = (t: number, v: number, temporality: AggregationTemporality): Metric =>
      metric('hits', {
        type: 'sum',
        temporality,
        isMonotonic: true,
        points: [numberPoint(t, v, { start: temporality === DELTA ? t - 1 : 1 })],
      });
    send(10, SVC, hits(10, 5, DELTA));
    send(20, SVC, hits(20, 7, DELTA));
    send(10, { 'service.name': 'other' }, hits(10, 3, CUMULATIVE));
    send(20, { 'service.name': 'other' }, hits(20, 10, CUMULATIVE));
    send(20, SVC, metric('temp', { type: 'gauge', points: [numberPoint(20, 21.5)] }, 'Cel'));
    send(
      20,
      SVC,
      metric('fit', {
        type: 'summary',
        points: [summaryPoint(20, 4, 8, { 0.5: 1.5, 0.99: 3 }, { start: 1 })],
      }),
    );
    const { text } = await render();
    expect(text).toMatch(/^hits_total\{[^}]*job="fit",instance="a"\} 12$/m);
    expect(text).toMatch(/^hits_total\{[^}]*job="other"\} 10$/m);
    expect(text).toMatch(/^temp_celsius\{[^}]*\} 21.5$/m);
    expect(text).toMatch(/^fit\{[^}]*,quantile="0.5"\} 1.5$/m);
    expect(text).toMatch(/^fit\{[^}]*,quantile="0.99"\} 3$/m);
    expect(text).toMatch(/^fit_count\{[^}]*\} 4$/m);
    expect(text.match(/^# TYPE hits_total counter$/gm)).toHaveLength(1);
  });

  it('gives a resource whose job and instance another holds a distinguishing label, and each resource its target_info', async () => {
    const { send, render } = setup();
    const hits = (v: number): Metric =>
      metric('runs', {
        type: 'sum',
        temporality: DELTA,
        isMonotonic: true,
        points: [numberPoint(10, v, { start: 9 })],
      });
    // Two runs of a batch job: same service.name, no service.instance.id.
    const first = { 'service.name': 'batch', 'process.pid': 11 };
    const second = { 'service.name': 'batch', 'process.pid': 22 };
    send(10, first, hits(1260));
    send(10, second, hits(5));
    const { text } = await render();
    const lines = text.split('\n').filter((l) => l.startsWith('runs_total{'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      'runs_total{otel_scope_name="scope",otel_scope_version="1",job="batch"} 1260',
    );
    expect(lines[1]).toMatch(
      new RegExp(`^runs_total\\{[^}]*job="batch",${RESOURCE_HASH_LABEL}="[0-9a-f]{16}"\\} 5$`),
    );
    const infos = text.split('\n').filter((l) => l.startsWith('target_info{'));
    expect(infos).toEqual([
      'target_info{job="batch",process_pid="11"} 1',
      expect.stringMatching(
        new RegExp(
          `^target_info\\{job="batch",${RESOURCE_HASH_LABEL}="[0-9a-f]{16}",process_pid="22"\\} 1$`,
        ),
      ),
    ]);
    // The hash is stable: the same resource gets the same label on the next scrape.
    expect((await render()).text).toBe(text);
  });

  it("merges the service's own families and keeps their name on a type conflict", async () => {
    const { send, render } = setup();
    send(10, SVC, metric('up', { type: 'gauge', points: [numberPoint(10, 1)] }));
    send(10, SVC, latency(10, [1, 0, 0, 0], 0.05));
    const own = toPrometheusFamilies([
      {
        resource: {
          attributes: {
            'service.name': 'heterodyne',
            'service.instance.id': 'x',
            'host.name': 'h',
          },
          droppedAttributesCount: 0,
        },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { name: 'self', version: '', attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics: [
              metric('up', { type: 'gauge', points: [numberPoint(10, 1)] }),
              metric(
                'rpc.duration',
                {
                  type: 'sum',
                  temporality: CUMULATIVE,
                  isMonotonic: false,
                  points: [numberPoint(10, 3, { start: 1 })],
                },
                's',
              ),
            ],
          },
        ],
      },
    ]).families;
    const { text, dropped } = await render({}, own);
    expect(text.match(/^# TYPE up gauge$/gm)).toHaveLength(1);
    expect(text.match(/^up\{/gm)).toHaveLength(2);
    expect(text).toContain('target_info{job="heterodyne",instance="x",host_name="h"} 1');
    expect(text).toMatch(
      /^rpc_duration_seconds\{otel_scope_name="self",job="heterodyne",instance="x"\} 3$/m,
    );
    expect(text).not.toContain('rpc_duration_seconds_bucket');
    expect(dropped).toEqual([{ name: 'rpc.duration', reason: 'type_conflict' }]);
  });

  it('hands on the text in chunks and returns to the event loop while rendering', async () => {
    const { send, render } = setup();
    const points = Array.from({ length: 3000 }, (_, i) =>
      numberPoint(10, i, { attributes: { worker: `w${i}` } }),
    );
    send(10, SVC, metric('load', { type: 'gauge', points }));
    let turns = 0;
    let spinning = true;
    const spin = (): void => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const { chunks, text } = await render({ chunkChars: 4096, sliceMillis: 0 });
    spinning = false;
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeLessThan(4096 + 64 * 120);
    expect(text.match(/^load\{/gm)).toHaveLength(3000);
    expect(turns).toBeGreaterThan(5);
  });
});

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = promtool.error === undefined && promtool.status === 0;
const inCi = process.env.CI === 'true';
if (!hasPromtool && !inCi) {
  console.warn(
    'SKIPPED promtool check of the streamed text: promtool is not installed (apt-get install prometheus)',
  );
}

describe.skipIf(!hasPromtool && !inCi)('streamed text checked by promtool', () => {
  it('parses, with no lint findings but the missing help text the store does not keep', async () => {
    const { send, render } = setup();
    send(10, SVC, latency(10, [1, 2, 0, 1], 3));
    send(10, { 'service.name': 'batch', 'process.pid': 1 }, latency(10, [1, 0, 0, 0], 0.01));
    send(10, { 'service.name': 'batch', 'process.pid': 2 }, latency(10, [0, 0, 0, 2], 30));
    const { text } = await render();
    const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    // Exit 3 is "lint problems"; a parse error would be 1.
    expect(`${run.stdout}${run.stderr}`.trim()).toBe('rpc_duration_seconds no help text');
    expect(run.status).toBe(3);
  });
});
