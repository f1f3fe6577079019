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

const bench = new Bench({ time: TIME_MS, warmupTime: Math.min(300, TIME_MS) });
let sink = 0;
for (const [points, pool] of pools) {
  for (const [name, build] of Object.entries(builds)) {
    let i = 0;
    bench.add(`${name}: protobuf decode ${points} pts/req`, () => {
      sink += build.decodeMetricsProtobuf(pool.protobuf[i++ & (POOL - 1)]).ok ? 1 : 0;
    });
    let j = 0;
    bench.add(`${name}: JSON decode ${points} pts/req`, () => {
      sink += build.decodeMetricsJson(pool.json[j++ & (POOL - 1)]).ok ? 1 : 0;
    });
    let k = 0;
    let pipeline = newPipeline(build);
    bench.add(`${name}: decode+normalise+store ${points} pts/req`, () => {
      if ((k & (POOL - 1)) === 0) pipeline = newPipeline(build);
      const r = build.decodeMetricsProtobuf(pool.protobuf[k++ & (POOL - 1)]);
      if (r.ok) sink += pipeline.ingestMetrics(r.value).acceptedPoints;
    });
  }
}
await bench.run();

const rows = bench.tasks.map((task) => {
  const points = Number(/(\d+) pts\/req$/.exec(task.name)[1]);
  const hz = task.result.throughput.mean;
  return {
    task: task.name,
    'points/s': Math.round(hz * points),
    'rme %': Number(task.result.latency.rme.toFixed(2)),
  };
});
const rate = (name) => rows.find((r) => r.task === name)['points/s'];
const notes = [];
for (const points of shapes) {
  for (const what of ['protobuf decode', 'JSON decode', 'decode+normalise+store']) {
    const ratio =
      rate(`current: ${what} ${points} pts/req`) / rate(`baseline: ${what} ${points} pts/req`);
    notes.push(`${what}, ${points} points/request: current/baseline = ${ratio.toFixed(3)}`);
  }
}
printMarkdownSummary(
  `Current build against baseline (${TIME_MS} ms per task, same run)`,
  rows,
  notes,
);
if (sink < 0) console.log(sink);
