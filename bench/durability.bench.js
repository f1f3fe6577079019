/* global fetch */
// Durability costs, measured against a real `heterodyne-monitor serve` child process on
// loopback (the service on one core, the load generator in this process on the other):
//
// 1. Ingest throughput with the write-ahead log's three sync policies in one run: `fsync`
//    (a 200 after fdatasync, group commit across concurrent requests), `write` (a 200 after
//    the OS has the record) and `off` (no log: the pre-log behaviour, a 200 after
//    processing). Concurrent OTLP/HTTP protobuf clients send delta sums of 100 points per
//    request, each client its own series with increasing times.
// 2. A checkpoint at 100,000 series: its duration (the service's own
//    `heterodyne_monitor_store_duration_seconds{operation="checkpoint.write"}`), the longest
//    event-loop stall while it runs (`heterodyne_monitor_eventloop_delay_max_seconds`,
//    scraped every 250 ms) and the slowest answer a client got meanwhile; then the time a
//    restart after `kill -9` takes to restore the checkpoint and replay the log.
//
// `BENCH_TIME_MS` sets the load time per policy (default 5000); `BENCH_SERIES` the series of
// part 2 (default 100000).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createIngestPipeline,
  createSeriesStore,
  decodeMetricsProtobuf,
  encodeMetricsProtobuf,
} from '@heterodyne/analysis';
import { benchTimeMs, markdownTable } from './lib/report.js';

const MAIN = fileURLToPath(new URL('../packages/analysis/dist/cli/main.js', import.meta.url));
const TIME_MS = benchTimeMs(5000);
const SERIES = Number(process.env.BENCH_SERIES ?? 100_000);
const CLIENTS = 16;
const POINTS = 100;
const ROUNDS = 5;

async function serve(dir, yaml) {
  const file = join(dir, 'monitor.yaml');
  await writeFile(file, yaml);
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN, 'serve', '--config', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  for (;;) {
    const otlp = /^ {2}OTLP\/HTTP +(\S+)$/m.exec(out)?.[1];
    const api = /^ {2}status +(\S+)\/api\/v1\/status$/m.exec(out)?.[1];
    if (otlp && api)
      return { child, otlp, api, startMillis: performance.now() - started, err: () => err };
    if (child.exitCode !== null) throw new Error(`serve exited: ${err}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function kill(child) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  return exited;
}

function config(dir, series, extra = '') {
  return [
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      http: { endpoint: 127.0.0.1:0 }',
    'processors:',
    '  queue: { max_requests: 10000, max_points: 10000000 }',
    '  series:',
    '    cardinality_limit: 1000000',
    series,
    `store: sqlite:${join(dir, 'monitor.db')}`,
    'api: { endpoint: 127.0.0.1:0 }',
    'service:',
    '  telemetry: { logs: { level: warn } }',
    extra,
  ].join('\n');
}

function request(client, round, points, firstSeries = 0) {
  const t = BigInt(Date.now()) * 1_000_000n + BigInt(round) * 1000n;
  return encodeMetricsProtobuf({
    resourceMetrics: [
      {
        resource: { attributes: { 'service.name': `bench-${client}` }, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { name: 'bench', version: '1', attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics: [
              {
                name: 'bench.work',
                description: '',
                unit: '1',
                data: {
                  type: 'sum',
                  temporality: 1,
                  isMonotonic: true,
                  points: Array.from({ length: points }, (_, i) => ({
                    attributes: { series: String(firstSeries + i) },
                    startTimeUnixNano: Number(t - 1000n),
                    timeUnixNano: Number(t),
                    flags: 0,
                    value: 1,
                    isInt: false,
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

async function post(otlp, body) {
  const res = await fetch(`${otlp}/v1/metrics`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-protobuf' },
  });
  await res.arrayBuffer();
  return res.status;
}

/** Load on one running service for `millis`: acknowledged points and answer times. */
async function load(s, millis, roundBase) {
  let acknowledged = 0;
  let failed = 0;
  const latencies = [];
  const until = performance.now() + millis;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let round = roundBase; performance.now() < until; round++) {
        const body = request(client, round, POINTS);
        const t = performance.now();
        const status = await post(s.otlp, body);
        latencies.push(performance.now() - t);
        if (status === 200) acknowledged += POINTS;
        else failed++;
      }
    }),
  );
  return { pointsPerSecond: acknowledged / (millis / 1000), latencies, failed };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The three policies side by side: one service each, loaded in turn for ROUNDS rounds (so
 * a change in machine load hits all three alike); medians over the rounds.
 */
async function ingestRuns() {
  const policies = ['off', 'write', 'fsync'];
  const dirs = [];
  const services = [];
  for (const sync of policies) {
    const dir = await mkdtemp(join(tmpdir(), 'bench-durability-'));
    dirs.push(dir);
    services.push(
      await serve(dir, config(dir, `    checkpoint_interval: 1h\n    wal: { sync: ${sync} }`)),
    );
  }
  try {
    const rounds = policies.map(() => ({ rates: [], latencies: [], failed: 0 }));
    for (const [i, s] of services.entries()) await load(s, 300, 1_000_000 * (i + 1)); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with another policy, so no policy always follows the same one.
      for (let k = 0; k < services.length; k++) {
        const i = (round + k) % services.length;
        const s = services[i];
        const r = await load(s, TIME_MS / ROUNDS, 1 + round * 100_000);
        rounds[i].rates.push(r.pointsPerSecond);
        rounds[i].latencies.push(...r.latencies);
        rounds[i].failed += r.failed;
      }
    }
    const off = rounds[0].rates;
    return policies.map((sync, i) => {
      const l = rounds[i].latencies.sort((a, b) => a - b);
      return {
        sync,
        'acknowledged points/s (median)': Math.round(median(rounds[i].rates)),
        'vs off (median of per-round ratios)': `${median(rounds[i].rates.map((r, k) => r / off[k])).toFixed(2)}×`,
        'p50 answer ms': Number(l[Math.floor(l.length / 2)].toFixed(2)),
        'p99 answer ms': Number(l[Math.floor(l.length * 0.99)].toFixed(2)),
        'failed requests': rounds[i].failed,
      };
    });
  } finally {
    for (const s of services) await kill(s.child);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

function metricValue(text, pattern) {
  let total = 0;
  for (const line of text.split('\n'))
    if (pattern.test(line)) total += Number(line.split(' ').at(-1));
  return total;
}

async function scrape(api) {
  return (await fetch(`${api}/metrics`)).text();
}

async function checkpointRun() {
  const dir = await mkdtemp(join(tmpdir(), 'bench-checkpoint-'));
  const yaml = config(dir, '    checkpoint_interval: 15s');
  let s = await serve(dir, yaml);
  try {
    // 100,000 series in requests of 1,000 points, 4 at a time.
    const perRequest = 1000;
    for (let first = 0; first < SERIES; first += perRequest * 4) {
      await Promise.all(
        [0, 1, 2, 3].map(async (k) => {
          const start = first + k * perRequest;
          if (start >= SERIES) return;
          const status = await post(
            s.otlp,
            request(0, 1, Math.min(perRequest, SERIES - start), start),
          );
          if (status !== 200) throw new Error(`load: HTTP ${status}`);
        }),
      );
    }
    const count = (t) =>
      metricValue(
        t,
        /^heterodyne_monitor_store_duration_seconds_count\{.*operation="checkpoint\.write"/,
      );
    const sum = (t) =>
      metricValue(
        t,
        /^heterodyne_monitor_store_duration_seconds_sum\{.*operation="checkpoint\.write"/,
      );
    const stall = (t) => metricValue(t, /^heterodyne_monitor_eventloop_delay_max_seconds/);
    // Light traffic throughout: one small request every 20 ms, its answer time recorded.
    const probe = { stop: false, max: 0 };
    const probing = (async () => {
      for (let round = 2; !probe.stop; round++) {
        const t = performance.now();
        await post(s.otlp, request(1, round, 10));
        probe.max = Math.max(probe.max, performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    /** Scrapes every 250 ms until `done(text)`; the longest stall and answer meanwhile. */
    const watch = async (done) => {
      probe.max = 0;
      let max = 0;
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const text = await scrape(s.api);
        max = Math.max(max, stall(text));
        if (done(text)) return { stallMs: max * 1000, answerMs: probe.max, text };
      }
    };
    // The first checkpoint after the load (the interval is 15 s), then a baseline window of
    // 5 s without one, then the next checkpoint.
    const first = count(await scrape(s.api));
    const one = await watch((t) => count(t) > first);
    const before = { count: count(one.text), sum: sum(one.text) };
    const baselineEnd = performance.now() + 5000;
    const baseline = await watch(
      (t) => performance.now() >= baselineEnd || count(t) > before.count,
    );
    if (count(baseline.text) > before.count)
      throw new Error('a checkpoint ran during the baseline window');
    const during = await watch((t) => count(t) > before.count);
    const after = { count: count(during.text), sum: sum(during.text) };
    probe.stop = true;
    await probing;
    const files = await readdir(join(dir, 'monitor.db.series-wal'));
    const checkpoint = files.find((f) => f.endsWith('.ckpt'));
    const bytes = checkpoint
      ? (await stat(join(dir, 'monitor.db.series-wal', checkpoint))).size
      : 0;
    await kill(s.child);
    s = await serve(dir, yaml);
    const restart = s.startMillis;
    const series = JSON.parse(await (await fetch(`${s.api}/api/v1/status`)).text()).series.active;
    return {
      series: SERIES,
      'checkpoint s': Number((after.sum - before.sum).toFixed(2)),
      'checkpoint MB': Number((bytes / 2 ** 20).toFixed(1)),
      'longest stall, checkpoint running ms': Number(during.stallMs.toFixed(1)),
      'longest stall, no checkpoint (5 s) ms': Number(baseline.stallMs.toFixed(1)),
      'slowest answer, checkpoint running ms': Number(during.answerMs.toFixed(1)),
      'slowest answer, no checkpoint ms': Number(baseline.answerMs.toFixed(1)),
      'restart after kill -9 s': Number((restart / 1000).toFixed(2)),
      'series after restart': series,
    };
  } finally {
    await kill(s.child);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The log's CPU cost on the event loop, without the disk: the pipeline alone vs the pipeline
 * plus re-encoding each request as the log record's OTLP protobuf (what `ingestMetrics`
 * adds before the sync), alternating rounds, same requests.
 */
function cpuCost() {
  const requests = Array.from({ length: 400 }, (_, i) => {
    const decoded = decodeMetricsProtobuf(request(i % 16, 1 + Math.floor(i / 16), POINTS));
    if (!decoded.ok) throw decoded.error;
    return decoded.value;
  });
  const run = (encode) => {
    const store = createSeriesStore({ cardinalityLimit: 1_000_000 });
    const pipeline = createIngestPipeline({ store, maxFutureSkewMillis: 86_400_000 });
    const t = performance.now();
    let bytes = 0;
    for (const r of requests) {
      if (encode) bytes += encodeMetricsProtobuf(r).length;
      pipeline.ingestMetrics(r);
    }
    return { seconds: (performance.now() - t) / 1000, bytes };
  };
  const plain = [];
  const logged = [];
  for (let round = 0; round < 9; round++) {
    plain.push(run(false).seconds);
    logged.push(run(true).seconds);
  }
  const points = requests.length * POINTS;
  const p = points / median(plain);
  const l = points / median(logged);
  return [
    { path: 'pipeline', 'points/s (median of 9)': Math.round(p), 'vs pipeline': '1.00×' },
    {
      path: 'pipeline + log record encoding',
      'points/s (median of 9)': Math.round(l),
      'vs pipeline': `${(l / p).toFixed(2)}×`,
    },
  ];
}

console.log(`\nEvent-loop CPU of the log, ${POINTS} points/request, in process:\n`);
console.log(markdownTable(cpuCost()));
console.log(
  `\nIngest over OTLP/HTTP, ${CLIENTS} clients, ${POINTS} points/request, ${ROUNDS} rounds of ${TIME_MS / ROUNDS} ms per policy:\n`,
);
console.log(markdownTable(await ingestRuns()));
console.log(`\nCheckpoint at ${SERIES} series:\n`);
console.log(markdownTable([await checkpointRun()]));
