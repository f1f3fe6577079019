// Cost of the optimization engine: one evaluation over N caches, each with hit and miss
// counters and an operation-duration histogram (3 series per cache, 60 samples each: a 10
// minute window at 10 s intervals), in a real series store with a real SQLite store (in
// memory) for opportunities and the audit log.
// - "healthy": every cache hits 95 %: the templates run, nothing is found, nothing written;
// - "first finding": every cache hits 50 %: N opportunities found, stored, raised as
//   findings, and one audited decision each (automatic remediation off);
// - "steady finding": the same again: the opportunities are updated, no new audit entry.
// Reported: seconds per evaluation and the ratio of each pass to the healthy one (the cost of
// the store writes). `OPTIMIZATION_BENCH_CACHES` sets N (default 100 and 1000, the largest
// `max_opportunities` a deployment would set).
import {
  OptimizationEngine,
  createSeriesStore,
  createSeriesView,
  defaultConfig,
  openStore,
} from '@heterodyne/analysis';
import { isQuickRun, printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const T0 = 1_700_000_000_000;
const sizes = process.env.OPTIMIZATION_BENCH_CACHES
  ? [Number(process.env.OPTIMIZATION_BENCH_CACHES)]
  : isQuickRun(1000)
    ? [100]
    : [100, 1000];

async function measure(n, hitRate) {
  let now = T0;
  const clock = { now: () => now };
  const series = createSeriesStore({ clock, startTimeMillis: T0, cardinalityLimit: 3 * n + 10 });
  const prefix = series.prefix({ 'service.name': 'bench' }, { name: 'bench', version: '' });
  const lookups = series.metric(prefix, 'heterodyne.cache.requests', 'counter', '{request}');
  const duration = series.metric(prefix, 'heterodyne.operation.duration', 'histogram', 's');
  const rand = seededRandom(3);
  const base = () => ({ startTimeUnixNano: 0, timeUnixNano: now * 1e6, flags: 0 });
  for (let p = 0; p < 60; p++) {
    now += 10_000;
    for (let i = 0; i < n; i++) {
      const hits = Math.round(100 * hitRate);
      for (const [result, v] of [
        ['hit', hits],
        ['miss', 100 - hits],
      ]) {
        const attributes = { 'heterodyne.cache.name': `c${i}`, 'heterodyne.cache.result': result };
        series.writeNumber(lookups, 1, { ...base(), attributes, value: v, isInt: true }, now);
      }
      series.writeHistogram(
        duration,
        1,
        {
          ...base(),
          attributes: { 'heterodyne.operation.name': `op${i % 50}` },
          count: 100,
          sum: 100 * 0.01 * (1 + 0.1 * rand()),
          bucketCounts: [],
          explicitBounds: [],
          min: undefined,
          max: undefined,
        },
        now,
      );
    }
  }
  const store = await openStore('sqlite::memory:', { now: clock.now });
  const config = { ...defaultConfig().optimization, windowMillis: 600_000, maxOpportunities: n };
  const engine = new OptimizationEngine({ config, store, now: clock.now });
  await engine.start();
  const context = { series: createSeriesView(series), emit: () => {} };
  // The first evaluation, then the median of five more (the machine is shared: medians).
  const times = [];
  for (let pass = 0; pass < 6; pass++) {
    const t = performance.now();
    await engine.evaluate(now, context);
    times.push((performance.now() - t) / 1000);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  times[1] = rest[2];
  const found = engine.getOptimizationStatus().totalOpportunities;
  await store.close();
  return { times, found };
}

// A first, discarded run warms the code up, so the first size is not charged for it.
await measure(100, 0.5);
const rows = [];
for (const n of sizes) {
  const healthy = await measure(n, 0.95);
  const failing = await measure(n, 0.5);
  if (healthy.found !== 0 || failing.found !== n) {
    throw new Error(`expected 0 and ${n} opportunities, got ${healthy.found} and ${failing.found}`);
  }
  const h = healthy.times[1];
  rows.push({
    caches: n,
    series: 3 * n,
    'healthy (s)': Number(h.toFixed(4)),
    'first finding (s)': Number(failing.times[0].toFixed(4)),
    'steady finding (s)': Number(failing.times[1].toFixed(4)),
    'first / healthy': Number((failing.times[0] / h).toFixed(1)),
    'steady / healthy': Number((failing.times[1] / h).toFixed(1)),
  });
}
printMarkdownSummary('Optimization engine: one evaluation', rows, [
  'healthy: 95 % hit rate everywhere, nothing found (median of evaluations 2 to 6)',
  'first finding: every cache under target, N opportunities stored, raised and audited',
  'steady finding: the same opportunities again, updated in one transaction, no new audit entries (median of evaluations 2 to 6)',
]);
