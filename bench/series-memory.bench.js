// Memory per active series of the series store, at 100,000 series (target: at most 4 KB).
//
// Each series is filled to its steady state with the default options: a full ring buffer
// (60 samples) and every rollup slot holding data (12 five-minute slots, 24 hourly slots),
// through 60 points: one per hour for 23 hours, then 37 spaced 100 s apart over the last
// hour. Histogram points are delta `heterodyne.operation.duration` points with the registry's
// 22 buckets, 2-4 of them non-empty (durations drawn around a per-series median); gauges
// vary by +-10% around a level; counters are delta increments. Attributes: operation name,
// optimization method and a per-series dataset size; ten resources.
//
// Measured: heap used + array buffers (process.memoryUsage(), after forced GC; run with
// --expose-gc, as bench/run.js does) before and after filling, divided by the series count,
// next to the store's own estimate (memoryBytes()) from the same run.
//
// The store comes from the built package's public entry point. Every kind and the mix are
// measured at the same series count: 100,000 by default, 10,000 when `BENCH_TIME_MS` asks
// for a quick run (below 1500), or the count given on the command line.
//
// Usage: node --expose-gc bench/series-memory.bench.js [series=100000]
import { createSeriesStore } from '@heterodyne/analysis';
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

const gc = globalThis.gc;
if (typeof gc !== 'function') {
  console.error('series-memory.bench.js: run with node --expose-gc (bench/run.js does)');
  process.exit(1);
}
const SERIES = seriesCount(process.argv[2], 'series-memory.bench.js');
const TARGET_BYTES = 4096;
const DELTA = 1;
const T0 = 1_699_999_200; // seconds, a multiple of 3600

/** Point times (s after T0): hourly for 23 h, then every 100 s over the last hour. */
const TIMES = [];
for (let h = 0; h < 23; h++) TIMES.push(h * 3600 + 1800);
for (let i = 0; i < 37; i++) TIMES.push(23 * 3600 + i * 100);
const END_SECONDS = TIMES.at(-1) + 1;

function resourceOf(r) {
  return {
    'service.name': 'heterodyne-analysis',
    'host.name': `node-${r}`,
    'process.pid': 4000 + r,
  };
}

/** Fills `store` with `n` series of `kind` ('histogram' | 'gauge' | 'counter'). */
function fill(store, kind, n, seed) {
  const random = seededRandom(seed);
  const prefixes = Array.from({ length: 10 }, (_, r) =>
    store.prefix(resourceOf(r), { name: '@heterodyne/sdk', version: '0.1.0' }),
  );
  const name =
    kind === 'histogram'
      ? METRIC_OPERATION_DURATION
      : kind === 'gauge'
        ? METRIC_MEMORY_UTILIZATION
        : METRIC_NON_FINITE_VALUES;
  const storeKind = kind === 'counter' ? 'counter' : kind;
  const refs = prefixes.map((p) =>
    store.metric(p, name, storeKind, kind === 'histogram' ? 's' : '1'),
  );
  for (let i = 0; i < n; i++) {
    const ref = refs[i % refs.length];
    const attributes = operationAttributes(i);
    const level = Math.exp(6 * random() - 4); // per-series median / level
    let previous = TIMES[0] - 60;
    for (const t of TIMES) {
      const base = {
        attributes,
        startTimeUnixNano: (T0 + previous) * 1e9,
        timeUnixNano: (T0 + t) * 1e9,
        flags: 0,
      };
      previous = t;
      if (kind === 'histogram') {
        const fields = durationHistogramFields(random, level);
        store.writeHistogram(ref, DELTA, { ...base, ...fields }, t * 1000);
      } else if (kind === 'gauge') {
        store.writeNumber(
          ref,
          0,
          { ...base, value: level * (0.9 + 0.2 * random()), isInt: false },
          t * 1000,
        );
      } else {
        store.writeNumber(
          ref,
          DELTA,
          { ...base, value: Math.floor(random() * 5), isInt: true },
          t * 1000,
        );
      }
    }
  }
}

/**
 * Heap used + array buffers after GC, once stable: array-buffer memory of collected objects
 * is released by background sweeping, so one GC is not enough to see it go.
 */
async function usedBytes() {
  let previous = -1;
  for (let i = 0; i < 10; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const m = process.memoryUsage();
    const used = m.heapUsed + m.arrayBuffers;
    if (Math.abs(used - previous) < 64 * 1024) return used;
    previous = used;
  }
  return previous;
}

async function measure(label, kinds, n) {
  const before = await usedBytes();
  // One metric name per kind: the per-metric cardinality limit is raised to the series count.
  const store = createSeriesStore({
    clock: { now: () => (T0 + END_SECONDS) * 1000 },
    startTimeMillis: T0 * 1000,
    cardinalityLimit: n,
  });
  const started = performance.now();
  // Shares are rounded down; the last kind takes the remainder, so the counts add up to n.
  let remaining = n;
  kinds.forEach(([kind, share], k) => {
    const count = k === kinds.length - 1 ? remaining : Math.floor(n * share);
    remaining -= count;
    fill(store, kind, count, 17 + k);
  });
  const fillSeconds = (performance.now() - started) / 1000;
  const after = await usedBytes();
  const stats = store.stats();
  if (stats.series !== n) throw new Error(`${label}: expected ${n} series, got ${stats.series}`);
  if (after <= before) {
    throw new Error(`${label}: memory did not grow (${before} B before, ${after} B after)`);
  }
  const measured = (after - before) / n;
  const estimated = stats.memoryBytes / n;
  const row = {
    scenario: label,
    series: n,
    'measured B/series': Math.round(measured),
    'estimated B/series': Math.round(estimated),
    'estimated / measured': Number((estimated / measured).toFixed(2)),
    'measured / 4 KB target': Number((measured / TARGET_BYTES).toFixed(2)),
    'fill s': Number(fillSeconds.toFixed(1)),
  };
  // Keep the store alive until measured.
  if (store.listSeries({ metric: 'none' }).length !== 0) throw new Error('unreachable');
  return row;
}

const scenarios = [
  ['histogram', [['histogram', 1]]],
  ['gauge', [['gauge', 1]]],
  ['counter', [['counter', 1]]],
  [
    'mix 40/30/30',
    [
      ['histogram', 0.4],
      ['gauge', 0.3],
      ['counter', 0.3],
    ],
  ],
];
const rows = [];
for (const [label, kinds] of scenarios) {
  const row = await measure(label, kinds, SERIES);
  console.log(`${label}: ${row['measured B/series']} B/series measured`);
  rows.push(row);
}
const worst = rows.reduce((a, b) => (b['measured B/series'] > a['measured B/series'] ? b : a));
printMarkdownSummary(
  `Series store memory per active series (default options, ${TIMES.length} points per series)`,
  rows,
  [
    `largest measured: ${worst['measured B/series']} B/series (${worst.scenario}), ` +
      `${worst['measured B/series'] <= TARGET_BYTES ? 'within' : 'OVER'} the ${TARGET_BYTES} B target`,
    'measured: heap used + array buffers after forced GC, before and after filling; ' +
      "estimated: the store's memoryBytes()",
  ],
);
