// Decode and ingest throughput of two builds of @heterodyne/analysis in one run, tasks
// interleaved: the working tree's `packages/analysis/dist` ("current") against another
// build's `dist/index.js` ("baseline", path in BASELINE_DIST), to measure what a change
// costs. Requests are the ingest benchmark's (bench/lib/otlp-requests.js: cumulative
// histograms and sums of 8 resources), as protobuf and as OTLP/JSON.
//
//   git archive <commit> | tar -x -C /tmp/baseline && ln -s "$PWD/node_modules" /tmp/baseline/
//   (cd /tmp/baseline && npx tsc --build packages/analysis)
//   BASELINE_DIST=/tmp/baseline/packages/analysis/dist/index.js node bench/compare-builds.js
//
// Not a `*.bench.js`: `npm run bench` does not run it (it needs a second build).
// `BENCH_TIME_MS` sets the time per task (default 1500).
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { cumulativeExport, protobufjsRequestType, resourceStreams } from './lib/otlp-requests.js';
import { benchTimeMs, printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const baselinePath = process.env.BASELINE_DIST;
if (!baselinePath) {
  console.error('BASELINE_DIST must name the dist/index.js of the build to compare with');
  process.exit(2);
}
const builds = {
  baseline: await import(pathToFileURL(baselinePath).href),
  current: await import('@heterodyne/analysis'),
};

const TIME_MS = benchTimeMs(1500);
const POOL = 256;
const RESOURCES = 8;
const T0 = 1_700_000_000;
const RequestType = protobufjsRequestType();
const rand = seededRandom(20_250_101);
const shapes = [10, 100];
const pools = new Map(
  shapes.map((points) => {
    const streams = Array.from({ length: RESOURCES }, () => resourceStreams(rand, points));
    const protobuf = Array.from({ length: POOL }, (_, i) =>
      builds.current.encodeMetricsProtobuf(
        cumulativeExport(i % RESOURCES, streams[i % RESOURCES], Math.floor(i / RESOURCES), T0, 10),
      ),
    );
    // OTLP/JSON of the same requests: protobuf JSON mapping (camelCase, 64-bit as strings).
    const json = protobuf.map((bytes) =>
      Buffer.from(
        JSON.stringify(
          RequestType.toObject(RequestType.decode(bytes), { longs: String, enums: Number }),
        ),
      ),
    );
    return [points, { protobuf, json }];
  }),
);

function newPipeline(build) {
  const store = build.createSeriesStore({
    clock: { now: () => T0 * 1000 },
    startTimeMillis: T0 * 1000 + 1,
  });
  return build.createIngestPipeline({ store, maxFutureSkewMillis: 86_400_000 });
}

// Same results from both builds before timing anything.
for (const [points, pool] of pools) {
  for (const [name, build] of Object.entries(builds)) {
    const fromJson = build.decodeMetricsJson(pool.json[0]);
    const fromProtobuf = build.decodeMetricsProtobuf(pool.protobuf[0]);
    if (!fromJson.ok || !fromProtobuf.ok) throw new Error(`${name}: a request did not decode`);
    if (JSON.stringify(fromJson.value) !== JSON.stringify(fromProtobuf.value)) {
      throw new Error(`${name} ${points}: JSON and protobuf decode differently`);
    }
  }
}

// Load on a shared machine drifts over a run; measuring the two builds in alternating short
// rounds (order flipped every round) and taking the median of the per-round ratios keeps
// drift out of the ratios.
const ROUNDS = 8;
const kinds = ['protobuf decode', 'JSON decode', 'decode+normalise+store'];
const rates = new Map(); // `${build}: ${kind} ${points}` -> points/s per round
let sink = 0;
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: TIME_MS / ROUNDS, warmupTime: Math.min(100, TIME_MS / ROUNDS) });
  const order = round % 2 === 0 ? ['baseline', 'current'] : ['current', 'baseline'];
  for (const [points, pool] of pools) {
    for (const name of order) {
      const build = builds[name];
      let i = 0;
      bench.add(`${name}: protobuf decode ${points}`, () => {
        sink += build.decodeMetricsProtobuf(pool.protobuf[i++ & (POOL - 1)]).ok ? 1 : 0;
      });
      let j = 0;
      bench.add(`${name}: JSON decode ${points}`, () => {
        sink += build.decodeMetricsJson(pool.json[j++ & (POOL - 1)]).ok ? 1 : 0;
      });
      let k = 0;
      let pipeline = newPipeline(build);
      bench.add(`${name}: decode+normalise+store ${points}`, () => {
        if ((k & (POOL - 1)) === 0) pipeline = newPipeline(build);
        const r = build.decodeMetricsProtobuf(pool.protobuf[k++ & (POOL - 1)]);
        if (r.ok) sink += pipeline.ingestMetrics(r.value).acceptedPoints;
      });
    }
  }
  await bench.run();
  for (const task of bench.tasks) {
    const points = Number(/ (\d+)$/.exec(task.name)[1]);
    const list = rates.get(task.name) ?? [];
    list.push(task.result.throughput.mean * points);
    rates.set(task.name, list);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const rows = [];
for (const points of shapes) {
  for (const kind of kinds) {
    const base = rates.get(`baseline: ${kind} ${points}`);
    const current = rates.get(`current: ${kind} ${points}`);
    rows.push({
      task: `${kind}, ${points} points/request`,
      'baseline points/s': Math.round(median(base)),
      'current points/s': Math.round(median(current)),
      'current/baseline (median of rounds)': Number(
        median(current.map((c, r) => c / base[r])).toFixed(3),
      ),
    });
  }
}
printMarkdownSummary(
  `Current build against baseline (${ROUNDS} alternating rounds, ${TIME_MS} ms per task in all)`,
  rows,
  [],
);
if (sink < 0) console.log(sink);
