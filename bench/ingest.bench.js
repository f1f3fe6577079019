// Ingest throughput: data points per second on one core through decode, normalise and store
// (target: at least 500,000 points/s; goal: faster than generic decoding alone), next to
// protobufjs decoding the same bytes (with our schema description,
// packages/analysis/test/fixtures/otlp/otlp-schema.json) and our decoder alone, in one run.
//
// Requests have the shape of real SDK exports: 8 resources, each exporting all of its
// streams every 10 s: 60% cumulative `heterodyne.operation.duration` histogram points with
// the registry's 22 buckets, 40% cumulative sums, 10-100 points per request, a few resource
// and point attributes. A pool of 256 encoded requests (32 exports per resource, times and
// cumulative values increasing) is replayed in order; when it wraps, the pipeline starts
// over with a fresh store, so every point is a new, in-order point (the first export of each
// stream per pass only sets its cumulative reference, as in production).
//
// The pipeline, store and codec come from the built package's public entry point.
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
import {
  createIngestPipeline,
  createSeriesStore,
  decodeMetricsProtobuf,
  encodeMetricsProtobuf,
} from '@heterodyne/analysis';

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1500);
const POOL = 256;
const RESOURCES = 8;
const INTERVAL_SECONDS = 10;
const T0 = 1_700_000_000; // seconds

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
const METHODS = ['nelder-mead', 'wasserstein', 'scenario', 'ellipsoidal'];

/** The streams of one resource for `points` points per export, with per-stream growth rates. */
function streamsOf(rand, points) {
  const histograms = Math.round(points * 0.6);
  const streams = [];
  for (let i = 0; i < points; i++) {
    const histogram = i < histograms;
    const attributes =
      histogram || i % 2 === 0
        ? {
            [ATTR_OPERATION_NAME]: OPERATIONS[i % OPERATIONS.length],
            [ATTR_OPTIMIZATION_METHOD]: METHODS[Math.floor(i / OPERATIONS.length) % METHODS.length],
            ...(i % 7 === 0 ? { [ATTR_ERROR_TYPE]: 'ConvergenceError' } : {}),
            'stream.index': i,
          }
        : { [ATTR_CACHE_RESULT]: i % 4 === 1 ? 'hit' : 'miss', 'stream.index': i };
    // Per-interval increments: a few buckets around a per-stream median.
    const center = 3 + Math.floor(rand() * 15);
    const rates = DURATION_BUCKETS_SECONDS.map((_, k) =>
      Math.abs(k - center) <= 1 ? 1 + Math.floor(rand() * 20) : 0,
    );
    rates.push(0);
    streams.push({ histogram, attributes, rates, value: Math.floor(rand() * 1000) });
  }
  return streams;
}

/** Export `round` of `resource`: every stream's cumulative point at T0 + round * 10 s. */
function makeRequest(resource, streams, round) {
  const start = T0 * 1e9;
  const time = (T0 + (round + 1) * INTERVAL_SECONDS) * 1e9;
  const histogram = [];
  const iterations = [];
  const cache = [];
  for (const s of streams) {
    const base = {
      attributes: s.attributes,
      startTimeUnixNano: start,
      timeUnixNano: time,
      flags: 0,
    };
    if (s.histogram) {
      const bucketCounts = s.rates.map((r) => r * (round + 1));
      const count = bucketCounts.reduce((a, b) => a + b, 0);
      histogram.push({
        ...base,
        count,
        sum: count * 0.8,
        bucketCounts,
        explicitBounds: DURATION_BUCKETS_SECONDS,
        min: undefined,
        max: undefined,
      });
    } else {
      const point = { ...base, value: s.value * (round + 1), isInt: true };
      (s.attributes[ATTR_CACHE_RESULT] ? cache : iterations).push(point);
    }
  }
  const sum = (name, points) => ({
    name,
    description: '',
    unit: '1',
    data: { type: 'sum', points, temporality: 2, isMonotonic: true },
  });
  const metrics = [
    {
      name: METRIC_OPERATION_DURATION,
      description: '',
      unit: 's',
      data: { type: 'histogram', points: histogram, temporality: 2 },
    },
  ];
  if (iterations.length) metrics.push(sum(METRIC_OPTIMIZATION_ITERATIONS, iterations));
  if (cache.length) metrics.push(sum(METRIC_CACHE_REQUESTS, cache));
  return {
    resourceMetrics: [
      {
        resource: {
          attributes: {
            'service.name': 'heterodyne-analysis',
            'service.version': '0.1.0',
            'host.name': `node-${resource}`,
            'process.pid': 4000 + resource,
            'telemetry.sdk.language': 'nodejs',
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
            metrics,
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

const rand = seededRandom(20_250_101);
const shapes = [10, 50, 100];
const pools = new Map(
  shapes.map((points) => {
    const streams = Array.from({ length: RESOURCES }, () => streamsOf(rand, points));
    const requests = Array.from({ length: POOL }, (_, i) =>
      encodeMetricsProtobuf(
        makeRequest(i % RESOURCES, streams[i % RESOURCES], Math.floor(i / RESOURCES)),
      ),
    );
    return [points, requests];
  }),
);

function newPipeline() {
  // The store started after the producers: each stream's first export is its reference.
  const store = createSeriesStore({
    clock: { now: () => T0 * 1000 },
    startTimeMillis: T0 * 1000 + 1,
  });
  // The clock is fixed before the data; allow the pool's whole time span.
  return createIngestPipeline({ store, maxFutureSkewMillis: 86_400_000 });
}

// Sanity check in the same run: every point of a full pass is accepted (the first export of
// each stream as its reference), none rejected or dropped.
for (const [points, requests] of pools) {
  const pipeline = newPipeline();
  for (const bytes of requests) {
    const decoded = decodeMetricsProtobuf(bytes);
    if (!decoded.ok) throw decoded.error;
    const r = pipeline.ingestMetrics(decoded.value);
    if (r.acceptedPoints !== points || r.rejectedPoints || r.droppedPoints) {
      throw new Error(`${points} pts/req: unexpected result ${JSON.stringify(r)}`);
    }
  }
  const c = pipeline.counters();
  if (c.referencePoints !== RESOURCES * points)
    throw new Error(`${points} pts/req: ${c.referencePoints} reference points`);
}

const bench = new Bench({ time: TIME_MS, warmupTime: 300 });
let sink = 0;
for (const [points, pool] of pools) {
  const name = (what) => `${what.padEnd(28)} ${String(points).padStart(3)} pts/req`;
  let j = 0;
  bench.add(name('protobufjs decode'), () => {
    sink += RequestType.decode(pool[j++ & (POOL - 1)]).resourceMetrics.length;
  });
  let i = 0;
  bench.add(name('ours: decode'), () => {
    const r = decodeMetricsProtobuf(pool[i++ & (POOL - 1)]);
    sink += r.ok ? 1 : 0;
  });
  let k = 0;
  let pipeline = newPipeline();
  bench.add(name('ours: decode+normalise+store'), () => {
    if ((k & (POOL - 1)) === 0) pipeline = newPipeline();
    const r = decodeMetricsProtobuf(pool[k++ & (POOL - 1)]);
    if (r.ok) sink += pipeline.ingestMetrics(r.value).acceptedPoints;
  });
}
await bench.run();

const rows = bench.tasks.map((task) => {
  const points = Number(/(\d+) pts\/req$/.exec(task.name)[1]);
  const hz = task.result.throughput.mean;
  return {
    task: task.name,
    'requests/s': Math.round(hz),
    'points/s': Math.round(hz * points),
    'rme %': Number(task.result.latency.rme.toFixed(2)),
  };
});
console.table(rows);
for (const points of shapes) {
  const rate = (what) =>
    rows.find((r) => r.task.startsWith(what) && r.task.endsWith(` ${points} pts/req`))['points/s'];
  const full = rate('ours: decode+normalise+store');
  console.log(
    `${points} points/request: decode+normalise+store ${(full / 1e6).toFixed(2)} M points/s ` +
      `(${full >= 500_000 ? 'meets' : 'BELOW'} the 500k target) = ${(full / rate('protobufjs decode')).toFixed(2)}x protobufjs decode alone, ` +
      `${(full / rate('ours: decode')).toFixed(2)}x our decode alone`,
  );
}
if (sink < 0) console.log(sink);
