import { describe, expect, it } from 'vitest';
import { toPrometheusFamilies } from '../../src/exporters/prometheus-translate.js';
import { writePrometheusText } from '../../src/exporters/prometheus-text.js';
import type { ResourceMetrics } from '../../src/otlp/model.js';
import {
  exponentialPoint,
  gauge,
  histogram,
  histogramPoint,
  numberPoint,
  resource,
  sum,
  summaryPoint,
} from './model-builders.js';

const SERVICE = {
  'service.name': 'xpcs-fit',
  'service.namespace': 'beamline',
  'service.instance.id': 'node-7',
};
const TARGET =
  'otel_scope_name="test-scope",otel_scope_version="1.2.3",job="beamline/xpcs-fit",instance="node-7"';

function render(resources: ResourceMetrics[], options = {}): string {
  return writePrometheusText(toPrometheusFamilies(resources, options).families);
}

describe('toPrometheusFamilies', () => {
  it('turns each OTLP kind into its Prometheus family, with job, instance and scope labels', () => {
    const text = render([
      resource({ ...SERVICE, 'host.name': 'ws-3' }, [
        gauge(
          'heterodyne.process.memory.utilization',
          '1',
          [numberPoint(0.42)],
          'Heap used / limit.',
        ),
        sum(
          'heterodyne.cache.requests',
          '{request}',
          [numberPoint(17, { 'heterodyne.cache.result': 'hit' })],
          {
            description: 'Cache lookups.',
          },
        ),
        sum('queue.depth', '{request}', [numberPoint(-3)], { monotonic: false }),
        histogram(
          'heterodyne.operation.duration',
          's',
          [histogramPoint([0.1, 1], [2, 3, 1], 3.75)],
          {
            description: 'Duration.',
          },
        ),
        {
          name: 'rpc.latency',
          description: '',
          unit: 'ms',
          data: {
            type: 'summary',
            points: [
              summaryPoint(10, 55, [
                [0.99, 12],
                [0.5, 4],
              ]),
            ],
          },
        },
      ]),
    ]);
    expect(text).toBe(
      [
        '# HELP target_info Target metadata',
        '# TYPE target_info gauge',
        'target_info{job="beamline/xpcs-fit",instance="node-7",host_name="ws-3"} 1',
        '# HELP heterodyne_process_memory_utilization_ratio Heap used / limit.',
        '# TYPE heterodyne_process_memory_utilization_ratio gauge',
        `heterodyne_process_memory_utilization_ratio{${TARGET}} 0.42`,
        '# HELP heterodyne_cache_requests_total Cache lookups.',
        '# TYPE heterodyne_cache_requests_total counter',
        `heterodyne_cache_requests_total{heterodyne_cache_result="hit",${TARGET}} 17`,
        '# TYPE queue_depth gauge',
        `queue_depth{${TARGET}} -3`,
        '# HELP heterodyne_operation_duration_seconds Duration.',
        '# TYPE heterodyne_operation_duration_seconds histogram',
        `heterodyne_operation_duration_seconds_bucket{${TARGET},le="0.1"} 2`,
        `heterodyne_operation_duration_seconds_bucket{${TARGET},le="1"} 5`,
        `heterodyne_operation_duration_seconds_bucket{${TARGET},le="+Inf"} 6`,
        `heterodyne_operation_duration_seconds_sum{${TARGET}} 3.75`,
        `heterodyne_operation_duration_seconds_count{${TARGET}} 6`,
        '# TYPE rpc_latency_milliseconds summary',
        `rpc_latency_milliseconds{${TARGET},quantile="0.5"} 4`,
        `rpc_latency_milliseconds{${TARGET},quantile="0.99"} 12`,
        `rpc_latency_milliseconds_sum{${TARGET}} 55`,
        `rpc_latency_milliseconds_count{${TARGET}} 10`,
        '',
      ].join('\n'),
    );
  });

  it('drops delta sums and histograms and metrics without data, and reports them', () => {
    const { families, dropped } = toPrometheusFamilies([
      resource(SERVICE, [
        sum('delta.counter', '1', [numberPoint(1)], { delta: true }),
        histogram('delta.histogram', 's', [histogramPoint([1], [1, 0], 0.5)], { delta: true }),
        { name: 'empty', description: '', unit: '', data: { type: 'empty' } },
        gauge('kept', '', [numberPoint(1)]),
      ]),
    ]);
    expect(families.map((f) => f.name)).toEqual(['kept']);
    expect(dropped).toEqual([
      { name: 'delta.counter', reason: 'delta_temporality' },
      { name: 'delta.histogram', reason: 'delta_temporality' },
      { name: 'empty', reason: 'no_data' },
    ]);
  });

  it('skips points flagged as having no recorded value', () => {
    const { families } = toPrometheusFamilies([
      resource({}, [gauge('g', '', [numberPoint(1, { s: 'a' }), numberPoint(2, { s: 'b' }, 1)])]),
    ]);
    expect(families[0]?.samples.map((s) => s.value)).toEqual([1]);
  });

  it('tells apart resources that share job and instance, each with its own target_info', () => {
    const first = { 'service.name': 'batch', 'process.pid': 11 };
    const second = { 'service.name': 'batch', 'process.pid': 22 };
    const { families } = toPrometheusFamilies(
      [
        resource(first, [gauge('runs', '', [numberPoint(1)])]),
        resource(second, [gauge('runs', '', [numberPoint(2)])]),
      ],
      { scopeLabels: false },
    );
    const labelsOf = (name: string) =>
      families.find((f) => f.name === name)?.samples.map((s) => Object.fromEntries(s.labels));
    const hash = expect.stringMatching(/^[0-9a-f]{16}$/);
    expect(labelsOf('runs')).toEqual([
      { job: 'batch' },
      { job: 'batch', otel_resource_hash: hash },
    ]);
    expect(labelsOf('target_info')).toEqual([
      { job: 'batch', process_pid: '11' },
      { job: 'batch', otel_resource_hash: hash, process_pid: '22' },
    ]);
  });

  it('merges families of the same name and type across resources, one target_info each', () => {
    const a = { 'service.name': 'fit', 'service.instance.id': 'a', 'host.name': 'h1' };
    const b = { 'service.name': 'fit', 'service.instance.id': 'b', 'host.name': 'h2' };
    const { families } = toPrometheusFamilies(
      [
        resource(a, [gauge('temp', 'Cel', [numberPoint(20)])]),
        resource(b, [gauge('temp', 'Cel', [numberPoint(21)])]),
      ],
      { scopeLabels: false },
    );
    expect(families).toEqual([
      {
        name: 'target_info',
        help: 'Target metadata',
        type: 'gauge',
        samples: [
          {
            suffix: '',
            labels: [
              ['job', 'fit'],
              ['instance', 'a'],
              ['host_name', 'h1'],
            ],
            value: 1,
          },
          {
            suffix: '',
            labels: [
              ['job', 'fit'],
              ['instance', 'b'],
              ['host_name', 'h2'],
            ],
            value: 1,
          },
        ],
      },
      {
        name: 'temp_celsius',
        help: '',
        type: 'gauge',
        samples: [
          {
            suffix: '',
            labels: [
              ['job', 'fit'],
              ['instance', 'a'],
            ],
            value: 20,
          },
          {
            suffix: '',
            labels: [
              ['job', 'fit'],
              ['instance', 'b'],
            ],
            value: 21,
          },
        ],
      },
    ]);
  });

  it('drops a metric whose name maps to a family of another type', () => {
    const { families, dropped } = toPrometheusFamilies([
      resource({}, [gauge('jobs.total', '', [numberPoint(1)]), sum('jobs', '', [numberPoint(2)])]),
    ]);
    expect(families.map((f) => [f.name, f.type])).toEqual([['jobs_total', 'gauge']]);
    expect(dropped).toEqual([{ name: 'jobs', reason: 'type_conflict' }]);
  });

  it('drops histogram points whose bucket counts do not match the bounds', () => {
    const broken = histogramPoint([1, 2], [1, 1], 1);
    const { dropped } = toPrometheusFamilies([resource({}, [histogram('h', 's', [broken])])]);
    expect(dropped).toEqual([{ name: 'h', reason: 'invalid_point' }]);
  });

  it('omits _sum when the histogram has none and writes only +Inf without buckets', () => {
    const point = { ...histogramPoint([], [], undefined), count: 4, bucketCounts: [] };
    const text = render([resource({}, [histogram('h', 'By', [point])])], { scopeLabels: false });
    expect(text).toBe('# TYPE h_bytes histogram\nh_bytes_bucket{le="+Inf"} 4\nh_bytes_count 4\n');
  });

  it('writes names without suffixes and leaves out scope labels and target_info when asked', () => {
    const text = render(
      [resource({ ...SERVICE, 'host.name': 'x' }, [sum('c', 's', [numberPoint(1)])])],
      {
        addMetricSuffixes: false,
        scopeLabels: false,
        targetInfo: false,
      },
    );
    expect(text).toBe('# TYPE c counter\nc{job="beamline/xpcs-fit",instance="node-7"} 1\n');
  });

  it('uses service.name alone as job when there is no namespace, and no job without a name', () => {
    const { families } = toPrometheusFamilies(
      [
        resource({ 'service.name': 'solo' }, [gauge('g', '', [numberPoint(1)])]),
        resource({}, [gauge('g', '', [numberPoint(2)])]),
      ],
      { scopeLabels: false },
    );
    expect(families[0]?.samples.map((s) => s.labels)).toEqual([[['job', 'solo']], []]);
  });
});

describe('exponential histograms', () => {
  it('is rendered as a classic cumulative histogram', () => {
    const point = exponentialPoint({
      count: 4,
      sum: 5,
      scale: 0,
      zeroCount: 1,
      zeroThreshold: 0,
      positive: { offset: 0, bucketCounts: [2, 1] },
      negative: { offset: 0, bucketCounts: [] },
    });
    const text = render(
      [
        resource({}, [
          {
            name: 'e',
            description: '',
            unit: 's',
            data: { type: 'exponentialHistogram', points: [point], temporality: 2 },
          },
        ]),
      ],
      { scopeLabels: false },
    );
    expect(text).toBe(
      [
        '# TYPE e_seconds histogram',
        'e_seconds_bucket{le="0"} 1',
        'e_seconds_bucket{le="2"} 3',
        'e_seconds_bucket{le="4"} 4',
        'e_seconds_bucket{le="+Inf"} 4',
        'e_seconds_sum 5',
        'e_seconds_count 4',
        '',
      ].join('\n'),
    );
  });
});
