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
import { encodeMetricsProtobuf } from '@heterodyne/analysis';
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
      for (const [i, s] of services.entries()) {
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
  const yaml = config(dir, '    checkpoint_interval: 5s');
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
    let text = await scrape(s.api);
    const before = { count: count(text), sum: sum(text) };
    // Light traffic meanwhile: one small request every 20 ms, its answer time recorded.
    let stallMax = 0;
    let answerMax = 0;
    let stop = false;
    const probe = (async () => {
      for (let round = 2; !stop; round++) {
        const t = performance.now();
        await post(s.otlp, request(1, round, 10));
        answerMax = Math.max(answerMax, performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    let after = before;
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      text = await scrape(s.api);
      stallMax = Math.max(
        stallMax,
        metricValue(text, /^heterodyne_monitor_eventloop_delay_max_seconds/),
      );
      after = { count: count(text), sum: sum(text) };
      if (after.count >= before.count + 2) break;
    }
    stop = true;
    await probe;
    const files = await readdir(join(dir, 'wal'));
    const checkpoint = files.find((f) => f.endsWith('.ckpt'));
    const bytes = checkpoint ? (await stat(join(dir, 'wal', checkpoint))).size : 0;
    await kill(s.child);
    s = await serve(dir, yaml);
    const restart = s.startMillis;
    const series = JSON.parse(await (await fetch(`${s.api}/api/v1/status`)).text()).series.active;
    return {
      series: SERIES,
      'checkpoint s (mean of 2)': Number(
        ((after.sum - before.sum) / (after.count - before.count)).toFixed(3),
      ),
      'checkpoint MB': Number((bytes / 2 ** 20).toFixed(1)),
      'longest event-loop stall ms': Number((stallMax * 1000).toFixed(1)),
      'slowest answer meanwhile ms': Number(answerMax.toFixed(1)),
      'restart after kill -9 s': Number((restart / 1000).toFixed(2)),
      'series after restart': series,
    };
  } finally {
    await kill(s.child);
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(
  `\nIngest over OTLP/HTTP, ${CLIENTS} clients, ${POINTS} points/request, ${ROUNDS} rounds of ${TIME_MS / ROUNDS} ms per policy:\n`,
);
console.log(markdownTable(await ingestRuns()));
console.log(`\nCheckpoint at ${SERIES} series:\n`);
console.log(markdownTable([await checkpointRun()]));
