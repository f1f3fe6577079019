// OTLP/protobuf metrics decoding: data points per second of our hand-written decoder
// against protobufjs decoding the same bytes with our schema description
// (packages/analysis/test/fixtures/otlp/otlp-schema.json), measured in one run.
// Requests have the realistic shape of the ingest benchmark (bench/lib/otlp-requests.js):
// histograms and cumulative sums, 10-100 points per request, a few resource and scope
// attributes. They are made by our encoder from a seeded generator.
//
// The decoder and encoder come from the built package's public entry point.
// `BENCH_TIME_MS` sets the time per task (default 1500).
import { decodeMetricsProtobuf, encodeMetricsProtobuf } from '@heterodyne/analysis';
import { Bench } from 'tinybench';
import {
  countPoints,
  countProtobufjsPoints,
  protobufjsRequestType,
  randomRequest,
} from './lib/otlp-requests.js';
import { benchTimeMs, printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const TIME_MS = benchTimeMs(1500);
const POOL = 32; // distinct requests per size, decoded round-robin

const RequestType = protobufjsRequestType();
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
        encodeMetricsProtobuf(randomRequest(rand, points, unique)),
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
    if (countProtobufjsPoints(RequestType.decode(bytes)) !== points) {
      throw new Error('protobufjs lost points');
    }
  }
}

const bench = new Bench({ time: TIME_MS, warmupTime: Math.min(300, TIME_MS) });
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
    task: task.name.replace(/ +/g, ' '),
    'requests/s': Math.round(hz),
    'points/s': Math.round(hz * points),
    'MB/s': Number(((hz * bytes) / 1e6).toFixed(1)),
    'rme %': Number(task.result.latency.rme.toFixed(2)),
  };
});
const notes = [];
for (const label of pools.keys()) {
  const rate = (prefix) =>
    rows.find((r) => r.task.startsWith(`${prefix} `) && r.task.endsWith(` ${label} pts/req`))[
      'points/s'
    ];
  const ours = rate('ours');
  notes.push(
    `${label} points/request: ours ${(ours / 1e6).toFixed(2)} M points/s = ` +
      `${(ours / rate('protobufjs')).toFixed(2)}x protobufjs decode, ` +
      `${(ours / rate('pbjs+toObject')).toFixed(2)}x protobufjs decode+toObject`,
  );
}
printMarkdownSummary(
  `OTLP/protobuf metrics decode (${TIME_MS} ms per task, same run)`,
  rows,
  notes,
);
if (sink < 0) console.log(sink);
