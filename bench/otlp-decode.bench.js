// OTLP/protobuf metrics decoding: data points per second of our hand-written decoder
// against protobufjs decoding the same bytes with our schema description
// (packages/analysis/test/fixtures/otlp/otlp-schema.json), measured in one run.
// Requests have the realistic shape of the ingest benchmark: histograms and cumulative
// sums, 10-100 points per request, a few resource and scope attributes. They are made by
// our encoder from a seeded generator.
//
// The decoder is imported from the built files by relative path until the package index
// exports it.
import { readFileSync } from 'node:fs';
import {
  ATTR_CACHE_RESULT,
  ATTR_ERROR_TYPE,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  DURATION_BUCKETS_SECONDS,
  METRIC_CACHE_REQUESTS,
  METRIC_OPERATION_DURATION,
  METRIC_OPTIMIZATION_ITERATIONS,
} from '@heterodyne/semconv';
import protobuf from 'protobufjs';
import { Bench } from 'tinybench';
import { decodeMetricsProtobuf } from '../packages/analysis/dist/otlp/decode-protobuf.js';
import { encodeMetricsProtobuf } from '../packages/analysis/dist/otlp/encode-metrics.js';

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1500);
const POOL = 32; // distinct requests per size, decoded round-robin

function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPERATIONS = ['fit.chi2', 'fit.robust', 'correlation.g2', 'load.frames', 'export.result'];
const METHODS = ['lbfgs', 'nelder-mead', 'trust-region'];

/**
 * One request of `points` data points: 60% histogram points, 40% sum points. With
 * `uniqueValues`, every point also carries an attribute whose value is never repeated
 * (a run id), the worst case for the decoder's attribute cache.
 */
function makeRequest(rand, points, uniqueValues = false) {
  const pick = (items) => items[Math.floor(rand() * items.length)];
  const start = 1_700_000_000_000_000_000 + Math.floor(rand() * 1e12);
  const time = start + 60e9;
  const attrs = (i) => ({
    [ATTR_OPERATION_NAME]: OPERATIONS[i % OPERATIONS.length],
    [ATTR_OPTIMIZATION_METHOD]: pick(METHODS),
    ...(i % 7 === 0 ? { [ATTR_ERROR_TYPE]: 'ConvergenceError' } : {}),
    ...(uniqueValues ? { 'heterodyne.run.id': Math.floor(rand() * 2 ** 52).toString(16) } : {}),
  });
  const histogramPoints = Math.round(points * 0.6);
  const sumPoints = points - histogramPoints;
  const histogram = [];
  for (let i = 0; i < histogramPoints; i++) {
    const bucketCounts = DURATION_BUCKETS_SECONDS.map(() => Math.floor(rand() * 50));
    bucketCounts.push(Math.floor(rand() * 3));
    const count = bucketCounts.reduce((a, b) => a + b, 0);
    histogram.push({
      attributes: attrs(i),
      startTimeUnixNano: start,
      timeUnixNano: time,
      flags: 0,
      count,
      sum: count * rand() * 2,
      bucketCounts,
      explicitBounds: DURATION_BUCKETS_SECONDS,
      min: rand() * 0.01,
      max: 1 + rand() * 100,
    });
  }
  const cache = [];
  const iterations = [];
  for (let i = 0; i < sumPoints; i++) {
    const point = {
      attributes: i % 2 ? { [ATTR_CACHE_RESULT]: pick(['hit', 'miss']) } : attrs(i),
      startTimeUnixNano: start,
      timeUnixNano: time,
      flags: 0,
      value: Math.floor(rand() * 1e6),
      isInt: true,
    };
    (i % 2 ? cache : iterations).push(point);
  }
  const sum = (name, pts) => ({
    name,
    description: '',
    unit: '1',
    data: { type: 'sum', points: pts, temporality: 2, isMonotonic: true },
  });
  return {
    resourceMetrics: [
      {
        resource: {
          attributes: {
            'service.name': 'heterodyne-analysis',
            'service.version': '0.1.0',
            'host.name': `node-${Math.floor(rand() * 64)}`,
            'process.pid': Math.floor(rand() * 65536),
            'telemetry.sdk.language': 'nodejs',
            'telemetry.sdk.name': 'opentelemetry',
          },
          droppedAttributesCount: 0,
        },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: {
              name: '@heterodyne/sdk',
              version: '0.1.0',
              attributes: {},
              droppedAttributesCount: 0,
            },
            schemaUrl: '',
            metrics: [
              {
                name: METRIC_OPERATION_DURATION,
                description: 'Duration of analysis operations',
                unit: 's',
                data: { type: 'histogram', points: histogram, temporality: 2 },
              },
              sum(METRIC_OPTIMIZATION_ITERATIONS, iterations),
              sum(METRIC_CACHE_REQUESTS, cache),
            ],
          },
        ],
      },
    ],
  };
}

const schema = JSON.parse(
  readFileSync(
    new URL('../packages/analysis/test/fixtures/otlp/otlp-schema.json', import.meta.url),
    'utf8',
  ),
);
const RequestType = protobuf.Root.fromJSON(schema).lookupType(
  'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
);

function countPoints(request) {
  let n = 0;
  for (const rm of request.resourceMetrics)
    for (const sm of rm.scopeMetrics) for (const m of sm.metrics) n += m.data.points?.length ?? 0;
  return n;
}

const rand = seededRandom(20_240_601);
// [label, points per request, every point with a never-repeated attribute value]
const shapes = [
  ['10', 10, false],
  ['50', 50, false],
  ['100', 100, false],
  ['50 unique', 50, true],
];
const pools = new Map(
  shapes.map(([label, points, unique]) => [
    label,
    {
      points,
      requests: Array.from({ length: POOL }, () =>
        encodeMetricsProtobuf(makeRequest(rand, points, unique)),
      ),
    },
  ]),
);

// Sanity check in the same run: both decoders see every point.
for (const { points, requests } of pools.values()) {
  for (const bytes of requests) {
    const ours = decodeMetricsProtobuf(bytes);
    if (!ours.ok) throw ours.error;
    if (countPoints(ours.value) !== points) throw new Error('our decoder lost points');
    const theirs = RequestType.decode(bytes);
    const sm = theirs.resourceMetrics[0].scopeMetrics[0];
    const theirPoints = sm.metrics.reduce(
      (n, m) => n + (m.histogram ?? m.sum).dataPoints.length,
      0,
    );
    if (theirPoints !== points) throw new Error('protobufjs lost points');
  }
}

const bench = new Bench({ time: TIME_MS, warmupTime: 300 });
let sink = 0;
for (const [label, { requests: pool }] of pools) {
  const name = (decoder) => `${decoder.padEnd(13)} ${label} pts/req`;
  let i = 0;
  bench.add(name('ours'), () => {
    const r = decodeMetricsProtobuf(pool[i++ & (POOL - 1)]);
    sink += r.ok ? 1 : 0;
  });
  let j = 0;
  bench.add(name('protobufjs'), () => {
    sink += RequestType.decode(pool[j++ & (POOL - 1)]).resourceMetrics.length;
  });
  let k = 0;
  bench.add(name('pbjs+toObject'), () => {
    const m = RequestType.decode(pool[k++ & (POOL - 1)]);
    sink += RequestType.toObject(m, { longs: Number }).resourceMetrics.length;
  });
}
await bench.run();

const rows = bench.tasks.map((task) => {
  const label = / (\d+(?: unique)?) pts/.exec(task.name)[1];
  const { points, requests } = pools.get(label);
  const hz = task.result.throughput.mean;
  const bytes = requests.reduce((n, b) => n + b.length, 0) / POOL;
  return {
    task: task.name,
    'requests/s': Math.round(hz),
    'points/s': Math.round(hz * points),
    'MB/s': Number(((hz * bytes) / 1e6).toFixed(1)),
    'rme %': Number(task.result.latency.rme.toFixed(2)),
  };
});
console.table(rows);
for (const label of pools.keys()) {
  const rate = (prefix) =>
    rows.find((r) => r.task.startsWith(prefix) && r.task.endsWith(` ${label} pts/req`))['points/s'];
  const ours = rate('ours');
  console.log(
    `${label} points/request: ours ${(ours / 1e6).toFixed(2)} M points/s = ` +
      `${(ours / rate('protobufjs')).toFixed(2)}x protobufjs decode, ` +
      `${(ours / rate('pbjs+toObject')).toFixed(2)}x protobufjs decode+toObject`,
  );
}
if (sink < 0) console.log(sink);
