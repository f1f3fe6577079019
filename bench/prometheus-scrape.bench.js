// One `/metrics` scrape of the received metrics at 100,000 series, streamed from the series
// store (@heterodyne/analysis renderPassThroughText, what the service serves at /metrics):
// render time, bytes, chunks, and the longest stretch without a return to the event loop.
//
// Scenarios, each at the same series count (100,000 by default, 10,000 when `BENCH_TIME_MS`
// asks for a quick run, or the count given on the command line):
//  - mix 40/30/30: 40% gauges, 30% counters, 30% `heterodyne.operation.duration` histograms
//    with the registry's duration bounds (2-4 buckets filled per series);
//  - histogram: every series such a histogram (the heaviest case: up to 24 lines a series).
// Ten resources, three attributes per series, delta points (three per series).
//
// Measured: the first scrape (label text not yet cached) and the median of the next five;
// the longest gap between two event-loop turns while rendering (a setImmediate loop running
// beside the render) — the stall a scrape causes to everything else in the process.
//
// Usage: node bench/prometheus-scrape.bench.js [series=100000]
import os from 'node:os';
import { createPassThrough, createSeriesStore, renderPassThroughText } from '@heterodyne/analysis';
import {
  METRIC_MEMORY_UTILIZATION,
  METRIC_NON_FINITE_VALUES,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';
import {
  durationHistogramFields,
  operationAttributes,
  seriesCount,
} from './lib/series-workload.js';

const SERIES = seriesCount(process.argv[2], 'prometheus-scrape.bench.js');
const DELTA = 1;
const T0 = 1_699_999_200;
/** A store with `n` series: `shares` gives the fraction of gauges, counters, histograms. */
function build(n, shares) {
  const store = createSeriesStore({
    clock: { now: () => (T0 + 400) * 1000 },
    startTimeMillis: T0 * 1000,
    cardinalityLimit: 1_000_000,
  });
  const random = seededRandom(7);
  const prefixes = Array.from({ length: 10 }, (_, r) =>
    store.prefix(
      {
        'service.name': 'heterodyne-analysis',
        'service.instance.id': `node-${r}`,
        'host.name': `node-${r}`,
      },
      { name: '@heterodyne/sdk', version: '0.1.0' },
    ),
  );
  const gauges = Math.round(n * shares[0]);
  const counters = Math.round(n * shares[1]);
  for (let i = 0; i < n; i++) {
    const kind = i < gauges ? 'gauge' : i < gauges + counters ? 'counter' : 'histogram';
    const prefix = prefixes[i % prefixes.length];
    const name =
      kind === 'histogram'
        ? METRIC_OPERATION_DURATION
        : kind === 'gauge'
          ? METRIC_MEMORY_UTILIZATION
          : METRIC_NON_FINITE_VALUES;
    const ref = store.metric(prefix, name, kind, kind === 'histogram' ? 's' : '1');
    const attributes = operationAttributes(i);
    const level = Math.exp(6 * random() - 4);
    for (let p = 1; p <= 3; p++) {
      const base = {
        attributes,
        startTimeUnixNano: (T0 + p * 100 - 100) * 1e9,
        timeUnixNano: (T0 + p * 100) * 1e9,
        flags: 0,
      };
      const now = (T0 + p * 100) * 1000;
      if (kind === 'histogram') {
        store.writeHistogram(
          ref,
          DELTA,
          { ...base, ...durationHistogramFields(random, level) },
          now,
        );
      } else if (kind === 'gauge') {
        store.writeNumber(
          ref,
          0,
          { ...base, value: level * (0.9 + 0.2 * random()), isInt: false },
          now,
        );
      } else {
        store.writeNumber(
          ref,
          DELTA,
          { ...base, value: Math.floor(random() * 10), isInt: true },
          now,
        );
      }
    }
  }
  return store;
}

/** CPU time of the process (all threads: main, GC helpers), milliseconds. */
function cpuMillis() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Bytes, chunks and sample lines of one scrape (untimed). */
async function measureText(store, passThrough) {
  let bytes = 0;
  let chunks = 0;
  let lines = 0;
  for await (const chunk of renderPassThroughText(store, passThrough, [], [])) {
    bytes += Buffer.byteLength(chunk);
    chunks++;
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) {
      if (chunk.charCodeAt(i + 1) !== 35) lines++; // not followed by a # line
    }
  }
  return { bytes, chunks, lines };
}

/**
 * One scrape: total ms and the longest gap between event-loop turns. Each chunk is turned
 * into bytes, as writing it to the socket does.
 */
async function scrape(store, passThrough) {
  let last = performance.now();
  let lastCpu = cpuMillis();
  let longest = 0;
  let longestCpu = 0;
  let spinning = true;
  const spin = () => {
    const now = performance.now();
    const cpu = cpuMillis();
    if (now - last > longest) longest = now - last;
    if (cpu - lastCpu > longestCpu) longestCpu = cpu - lastCpu;
    last = now;
    lastCpu = cpu;
    if (spinning) setImmediate(spin);
  };
  setImmediate(spin);
  const started = performance.now();
  const startedCpu = cpuMillis();
  for await (const chunk of renderPassThroughText(store, passThrough, [], [])) {
    Buffer.from(chunk, 'utf8');
  }
  const ms = performance.now() - started;
  const cpu = cpuMillis() - startedCpu;
  spinning = false;
  const now = performance.now();
  if (now - last > longest) longest = now - last;
  await new Promise((r) => setImmediate(r));
  return { ms, cpu, longest, longestCpu };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
for (const [label, shares] of [
  ['mix 40/30/30', [0.4, 0.3, 0.3]],
  ['histogram', [0, 0, 1]],
]) {
  const store = build(SERIES, shares);
  const passThrough = createPassThrough(store, { startTimeMillis: T0 * 1000 });
  const first = await scrape(store, passThrough);
  const runs = [];
  for (let k = 0; k < 5; k++) runs.push(await scrape(store, passThrough));
  const ms = median(runs.map((r) => r.ms));
  const text = await measureText(store, passThrough);
  console.log(
    `${label}: first ${first.ms.toFixed(0)} ms, then ${ms.toFixed(0)} ms, ${text.bytes} bytes`,
  );
  rows.push({
    scenario: label,
    series: SERIES,
    'sample lines': text.lines,
    MB: Math.round(text.bytes / 1e4) / 100,
    chunks: text.chunks,
    'first scrape ms': Math.round(first.ms),
    'next scrapes ms (median of 5)': Math.round(ms),
    'next scrapes CPU ms (median)': Math.round(median(runs.map((r) => r.cpu))),
    'longest event-loop gap ms (wall)':
      Math.round(Math.max(first.longest, ...runs.map((r) => r.longest)) * 10) / 10,
    'longest gap, CPU ms':
      Math.round(Math.max(first.longestCpu, ...runs.map((r) => r.longestCpu)) * 10) / 10,
  });
}
printMarkdownSummary('`/metrics` render of the received metrics (streamed from the store)', rows, [
  `target: under 1,000 ms per scrape at 100,000 series, no event-loop gap over 50 ms`,
  `wall times include time the process waited for a core (machine load ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores at the end); CPU ms count the process' own work, GC threads included`,
  `Node ${process.version}`,
]);
