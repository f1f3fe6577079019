// The event-loop budget of periodic work at 100,000 series: the housekeeping pass
// (`evictStale`, staleness, retention, eviction candidates) run whole as before and in the
// slices the service runs it in, and the store statistics behind `/api/v1/status`. The
// longest event-loop stall is measured with `monitorEventLoopDelay` while the sliced pass
// runs between `setImmediate` turns, as in the service (service/housekeeping-runner.ts).
//
// Two shapes: 200 resources x 50 metrics x 10 streams (SDK-like), and 100,000 resources
// with one series each (every batch run a new resource: the most prefixes per series).
//
// Usage: node --expose-gc bench/housekeeping.bench.js [series=100000]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createSeriesStore } from '@heterodyne/analysis';
import { HOUSEKEEPING_SLICE_SERIES } from '../packages/analysis/dist/service/housekeeping-runner.js';
import { printMarkdownSummary } from './lib/report.js';

const SERIES = Number(process.argv[2] ?? 100_000);
const NOW = 1_700_000_000_000;

function point(t, value, attributes) {
  return { attributes, startTimeUnixNano: 0, timeUnixNano: t * 1e6, flags: 0, value, isInt: false };
}
function histogram(t, attributes) {
  return {
    attributes,
    startTimeUnixNano: 0,
    timeUnixNano: t * 1e6,
    flags: 0,
    count: 3,
    sum: 0.6,
    bucketCounts: [1, 1, 1, 0],
    explicitBounds: [0.1, 0.5, 1],
    min: 0.05,
    max: 0.9,
  };
}

function fill(resources, metrics, streams) {
  const store = createSeriesStore({
    clock: { now: () => NOW },
    maxSeries: SERIES * 2,
    maxMemoryBytes: 8 * 1024 ** 3,
    cardinalityLimit: SERIES * 2,
  });
  let n = 0;
  for (let r = 0; r < resources && n < SERIES; r++) {
    const prefix = store.prefix(
      { 'service.name': 'job', 'service.instance.id': `run-${r}` },
      { name: 'bench', version: '1' },
    );
    for (let m = 0; m < metrics && n < SERIES; m++) {
      const kind = m % 5 === 0 ? 'histogram' : m % 2 === 0 ? 'gauge' : 'counter';
      const metric = store.metric(prefix, `metric_${m}`, kind, '1');
      for (let s = 0; s < streams && n < SERIES; s++, n++) {
        const attributes = { op: `op-${s}` };
        // Half of the series were last seen 10 minutes ago: the pass marks them stale.
        const t = n % 2 === 0 ? NOW : NOW - 600_000;
        if (kind === 'histogram') store.writeHistogram(metric, 1, histogram(t, attributes), t);
        else store.writeNumber(metric, kind === 'counter' ? 1 : 0, point(t, s, attributes), t);
      }
    }
  }
  return store;
}

async function slicedPass(store) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let longestSlice = 0;
  let longestCpu = 0;
  let slices = 0;
  const times = [];
  delay.enable();
  await new Promise((resolve) => {
    const step = () => {
      const t = performance.now();
      const cpu = process.cpuUsage();
      const r = store.evictStaleSlice(NOW, HOUSEKEEPING_SLICE_SERIES);
      const took = performance.now() - t;
      const used = process.cpuUsage(cpu);
      longestCpu = Math.max(longestCpu, (used.user + used.system) / 1000);
      times.push(took);
      longestSlice = Math.max(longestSlice, took);
      slices++;
      if (r.done) resolve();
      else setImmediate(step);
    };
    setImmediate(step);
  });
  delay.disable();
  times.sort((a, b) => a - b);
  return {
    longestSlice,
    longestCpu,
    slices,
    medianSlice: times[times.length >> 1],
    stallMs: delay.max / 1e6,
  };
}

function timeIt(f, times = 10) {
  let worst = 0;
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    f();
    worst = Math.max(worst, performance.now() - t);
  }
  return worst;
}

const rows = [];
for (const [shape, r, m, s] of [
  ['200 resources x 50 metrics x 10', 200, 50, 10],
  [`${SERIES.toLocaleString('en-US')} resources x 1`, SERIES, 1, 1],
]) {
  const whole = fill(r, m, s);
  globalThis.gc?.();
  const t = performance.now();
  whole.evictStale(NOW);
  const wholeMs = performance.now() - t;
  const sliced = fill(r, m, s);
  // Collect the garbage of filling first, so that its collection is not charged to the pass.
  globalThis.gc?.();
  const pass = await slicedPass(sliced);
  const status = timeIt(() => {
    const stats = sliced.stats();
    const byMetric = {};
    for (const [name, v] of Object.entries(stats.byMetric)) byMetric[name] = v.series;
    return byMetric;
  });
  rows.push({
    shape,
    series: sliced.stats().series,
    'whole pass ms': Number(wholeMs.toFixed(1)),
    slices: pass.slices,
    'median slice ms': Number(pass.medianSlice.toFixed(2)),
    'longest slice ms': Number(pass.longestSlice.toFixed(1)),
    'longest slice CPU ms': Number(pass.longestCpu.toFixed(1)),
    'longest stall ms': Number(pass.stallMs.toFixed(1)),
    'status stats ms (worst of 10)': Number(status.toFixed(1)),
  });
}
printMarkdownSummary(`Housekeeping and status at ${SERIES.toLocaleString('en-US')} series`, rows, [
  `slices of ${HOUSEKEEPING_SLICE_SERIES.toLocaleString('en-US')} series; the last slice also forgets empty prefixes and handles`,
  'budget: no stall over 50 ms. CPU ms is the process CPU time (all threads) of the costliest slice: far below its wall time, the slice waited for a core (the machine is shared); near it, it met a garbage collection',
]);
