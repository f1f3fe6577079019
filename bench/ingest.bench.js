// Ingest throughput: data points per second on one core through decode, normalise and store
// (target: at least 500,000 points/s; goal: faster than generic decoding alone), next to
// protobufjs decoding the same bytes (with our schema description,
// packages/analysis/test/fixtures/otlp/otlp-schema.json) and our decoder alone, in one run.
//
// Requests have the shape of real SDK exports (bench/lib/otlp-requests.js): 8 resources,
// each exporting all of its streams every 10 s: 60% cumulative
// `heterodyne.operation.duration` histogram points with the registry's 22 buckets, 40%
// cumulative sums, 10-100 points per request, a few resource and point attributes. A pool of
// 256 encoded requests (32 exports per resource, times and cumulative values increasing) is
// replayed in order; when it wraps, the pipeline starts over with a fresh store, so every
// point is a new, in-order point (the first export of each stream per pass only sets its
// cumulative reference, as in production).
//
// The pipeline, store and codec come from the built package's public entry point.
// `BENCH_TIME_MS` sets the time per task (default 1500). `INGEST_BASELINE_DIST` (the `dist`
// directory of another build of @heterodyne/analysis, e.g. an earlier commit's) adds its
// normalise+store, fed by our decoder, to the same run, for a before/after ratio.
import {
  createIngestPipeline,
  createSeriesStore,
  decodeMetricsProtobuf,
  encodeMetricsProtobuf,
} from '@heterodyne/analysis';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { cumulativeExport, protobufjsRequestType, resourceStreams } from './lib/otlp-requests.js';
import { benchTimeMs, printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const TIME_MS = benchTimeMs(1500);
const BASELINE_DIST = process.env.INGEST_BASELINE_DIST;
const baseline = BASELINE_DIST
  ? await import(pathToFileURL(`${BASELINE_DIST.replace(/\/$/, '')}/index.js`).href)
  : undefined;
const POOL = 256;
const RESOURCES = 8;
const INTERVAL_SECONDS = 10;
const T0 = 1_700_000_000; // seconds
const TARGET_POINTS_PER_SECOND = 500_000;

const RequestType = protobufjsRequestType();
const rand = seededRandom(20_250_101);
const shapes = [10, 50, 100];
const pools = new Map(
  shapes.map((points) => {
    const streams = Array.from({ length: RESOURCES }, () => resourceStreams(rand, points));
    const requests = Array.from({ length: POOL }, (_, i) => {
      const resource = i % RESOURCES;
      const round = Math.floor(i / RESOURCES);
      return encodeMetricsProtobuf(
        cumulativeExport(resource, streams[resource], round, T0, INTERVAL_SECONDS),
      );
    });
    return [points, requests];
  }),
);

function newPipeline(build = { createIngestPipeline, createSeriesStore }) {
  // The store started after the producers: each stream's first export is its reference.
  const store = build.createSeriesStore({
    clock: { now: () => T0 * 1000 },
    startTimeMillis: T0 * 1000 + 1,
  });
  // The clock is fixed before the data; allow the pool's whole time span.
  return build.createIngestPipeline({ store, maxFutureSkewMillis: 86_400_000 });
}

let sink = 0;

// Before/after in one run: normalise+store of pre-decoded requests, this build and the
// baseline interleaved round by round (each fresh pipelines over the whole pool), so that
// load from other processes falls on both alike; the median of the per-round ratios. It runs
// first, while neither build's code has seen other work (an A/A run gives 0.97-1.03).
const AB_ROUNDS = 21;
const abRatios = new Map();
if (baseline) {
  for (const [points, pool] of pools) {
    const decoded = pool.map((bytes) => decodeMetricsProtobuf(bytes).value);
    const round = (build) => {
      let took = 0;
      for (let pass = 0; pass < 2000 / points; pass++) {
        const pipeline = newPipeline(build);
        const t = performance.now();
        for (const request of decoded) sink += pipeline.ingestMetrics(request).acceptedPoints;
        took += performance.now() - t;
      }
      return took;
    };
    const ratios = [];
    for (let r = 0; r < AB_ROUNDS + 2; r++) {
      const first = r % 2 === 0;
      const a = first ? round(undefined) : 0;
      const b = round(baseline);
      const ours = first ? a : round(undefined);
      if (r >= 2) ratios.push(b / ours);
    }
    ratios.sort((x, y) => x - y);
    abRatios.set(points, ratios[ratios.length >> 1]);
  }
}
const abRatio = (points) => abRatios.get(points);

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

const bench = new Bench({ time: TIME_MS, warmupTime: Math.min(300, TIME_MS) });
for (const [points, pool] of pools) {
  const name = (what) => `${what} ${points} pts/req`;
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

const notes = shapes.map((points) => {
  const rate = (what) => rows.find((r) => r.task === `${what} ${points} pts/req`)['points/s'];
  const full = rate('ours: decode+normalise+store');
  const verdict = full >= TARGET_POINTS_PER_SECOND ? 'meets' : 'BELOW';
  const vsBaseline = baseline
    ? `; normalise+store ${abRatio(points).toFixed(2)}x as fast as the baseline build (median of ${AB_ROUNDS} interleaved rounds)`
    : '';
  return (
    `${points} points/request: decode+normalise+store ${(full / 1e6).toFixed(2)} M points/s ` +
    `(${verdict} the 500k target) = ${(full / rate('protobufjs decode')).toFixed(2)}x ` +
    `protobufjs decode alone, ${(full / rate('ours: decode')).toFixed(2)}x our decode alone` +
    vsBaseline
  );
});
printMarkdownSummary(`Ingest throughput (${TIME_MS} ms per task, same run)`, rows, notes);
if (sink < 0) console.log(sink);
