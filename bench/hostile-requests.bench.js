// What hostile requests cost the OTLP/HTTP receiver (built package, loopback, one process):
// - 16 MiB requests of millions of empty histogram points (OTLP/JSON `{}` and protobuf):
//   time to the 413 answer and the longest event-loop stall meanwhile;
// - 150 concurrent gzip bodies of about 16 KB that inflate to 16 MiB each: peak RSS growth
//   over the run, and how they were answered (the shared 64 MiB budget for bodies in
//   flight admits a few at a time, the rest get 429).
// Run with --expose-gc (bench/run.js does) for a steadier RSS baseline.
import { request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { createIngestQueue, createOtlpHttpReceiver } from '@heterodyne/analysis';
import { printMarkdownSummary } from './lib/report.js';

const MIB = 1024 * 1024;
const queue = createIngestQueue({
  process: (item) => ({ acceptedPoints: item.points, rejectedPoints: 0, errorMessage: '' }),
});
const receiver = createOtlpHttpReceiver({ queue, host: '127.0.0.1', port: 0 });
const { port } = await receiver.start();

function emptyPointsJson(kind) {
  const head = `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h","${kind}":{"dataPoints":[`;
  const tail = ']}}]}]}]}';
  const n = Math.floor((16 * MIB - 64 - head.length - tail.length) / 3);
  return Buffer.from(head + '{},'.repeat(n - 1) + '{}' + tail);
}

/** Protobuf: field 9 (histogram) with 8 M empty data points, by hand (2 bytes each). */
function emptyPointsProtobuf() {
  const n = 8 * MIB - 64;
  const points = Buffer.alloc(2 * n);
  for (let i = 0; i < n; i++) points[2 * i] = 0x0a;
  const wrap = (tag, body) => Buffer.concat([Buffer.from([tag]), varint(body.length), body]);
  return wrap(0x0a, wrap(0x12, wrap(0x12, wrap(0x4a, points))));
}

function varint(n) {
  const out = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

/** POSTs `body` on a fresh connection; resolves with the status once the answer was read. */
function post(body, headers) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/v1/metrics', method: 'POST', headers, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const rows = [];
for (const [name, body, type] of [
  ['OTLP/JSON, 5.6 M empty histogram points', emptyPointsJson('histogram'), 'application/json'],
  [
    'OTLP/JSON, 5.6 M empty exponential histogram points',
    emptyPointsJson('exponentialHistogram'),
    'application/json',
  ],
  ['protobuf, 8.4 M empty histogram points', emptyPointsProtobuf(), 'application/x-protobuf'],
]) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const start = performance.now();
  const status = await post(body, { 'content-type': type });
  const millis = performance.now() - start;
  delay.disable();
  rows.push({
    request: `${name} (${(body.length / MIB).toFixed(1)} MiB)`,
    status,
    'answered after ms': Math.round(millis),
    'longest stall ms': Math.round(delay.max / 1e6),
  });
}

globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);
const bomb = gzipSync(Buffer.alloc(16 * MIB));
const statuses = await Promise.all(
  Array.from({ length: 150 }, () =>
    post(bomb, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }),
  ),
);
clearInterval(sampler);
const counts = {};
for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
rows.push({
  request: `150 concurrent gzip bodies (${(bomb.length / 1024).toFixed(0)} KiB each, 16 MiB inflated)`,
  status: Object.entries(counts)
    .map(([s, n]) => `${n}x ${s}`)
    .join(', '),
  'answered after ms': 0,
  'longest stall ms': 0,
});
await receiver.shutdown();
printMarkdownSummary('Hostile requests against the OTLP/HTTP receiver', rows, [
  `150 concurrent 16 MiB-inflating gzip bodies: peak RSS growth ${((peakRss - rssBefore) / MIB).toFixed(0)} MiB`,
]);
