// Cost of the baselines engine: one evaluation pass over N gauge series held in a real
// series store, with a real SQLite store (in memory) for baselines and drift events.
// - "first pass": reads 120 samples per series and computes every baseline (change points,
//   quality checks, statistics, seasonal profiles, one upsert each);
// - "steady pass": reads 6 new samples per series and validates each against its baseline
//   (Mann-Whitney U on up to 50 recent values against the baseline's sample).
// With BASELINE_DIST (the dist/index.js of another build, see compare-builds.js) each size
// is measured with that build and this one, interleaved, so their ratio comes from one run.
// Reported: seconds per pass (wall clock) and microseconds per series, and the CPU seconds
// of the process during the pass (steadier than the wall clock on a shared machine). `BASELINE_BENCH_SERIES` sets N
// (default 1000, the default `max_series`); the budget for an evaluation pass is
// 2 s for 10,000 series, so the 10,000 row is printed too unless BENCH_TIME_MS asks for a
// quick run.
import { pathToFileURL } from 'node:url';
import * as current from '@heterodyne/analysis';
import { isQuickRun, printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const METRIC = 'heterodyne.process.memory.usage';
const T0 = 1_700_000_000_000;
const sizes = process.env.BASELINE_BENCH_SERIES
  ? [Number(process.env.BASELINE_BENCH_SERIES)]
  : isQuickRun(1000)
    ? [1000]
    : [1000, 10_000];

const builds = process.env.BASELINE_DIST
  ? { baseline: await import(pathToFileURL(process.env.BASELINE_DIST).href), current }
  : { current };

/** User + system CPU seconds of a `process.cpuUsage(previous)` difference. */
function cpuSeconds(usage) {
  return (usage.user + usage.system) / 1e6;
}

async function measure(n, lib) {
  const { createBaselinesEngine, createSeriesStore, createSeriesView, defaultConfig, openStore } =
    lib;
  let now = T0;
  const clock = { now: () => now };
  const series = createSeriesStore({ clock, startTimeMillis: T0, cardinalityLimit: n + 10 });
  const prefix = series.prefix({ 'service.name': 'bench' }, { name: 'bench', version: '' });
  const metric = series.metric(prefix, METRIC, 'gauge', 'By');
  const rand = seededRandom(7);
  const write = (points) => {
    for (let p = 0; p < points; p++) {
      now += 10_000;
      for (let i = 0; i < n; i++) {
        series.writeNumber(
          metric,
          0,
          {
            attributes: { host: `h${i}` },
            startTimeUnixNano: 0,
            timeUnixNano: now * 1e6,
            flags: 0,
            value: 1e8 * (1 + 0.02 * rand()),
            isInt: false,
          },
          now,
        );
      }
    }
  };
  const store = await openStore('sqlite::memory:', { now: clock.now });
  const config = defaultConfig();
  const engine = createBaselinesEngine({
    config: { ...config.baselines, metrics: [METRIC], maxSeries: n },
    store,
    // As the service builds it: a pass's new baselines are written in a few transactions.
    batch: (collect) => store.batch(collect),
    now: clock.now,
  });
  const context = { series: createSeriesView(series), emit: () => {} };
  write(120);
  let t = performance.now();
  let cpu = process.cpuUsage();
  await engine.evaluate(now, context);
  const first = (performance.now() - t) / 1000;
  const firstCpu = cpuSeconds(process.cpuUsage(cpu));
  write(6);
  t = performance.now();
  cpu = process.cpuUsage();
  await engine.evaluate(now, context);
  const steady = (performance.now() - t) / 1000;
  const steadyCpu = cpuSeconds(process.cpuUsage(cpu));
  const detail = engine.report().detail;
  await store.close();
  if (detail.baselined !== n) throw new Error(`expected ${n} baselines, got ${detail.baselined}`);
  return { n, first, steady, firstCpu, steadyCpu };
}

const rows = [];
for (const n of sizes) {
  for (const [build, lib] of Object.entries(builds)) {
    const r = await measure(n, lib);
    rows.push({
      ...(builds.baseline ? { build } : {}),
      series: r.n,
      'first pass (s)': Number(r.first.toFixed(3)),
      'first µs/series': Math.round((r.first / r.n) * 1e6),
      'first CPU (s)': Number(r.firstCpu.toFixed(3)),
      'steady pass (s)': Number(r.steady.toFixed(3)),
      'steady µs/series': Math.round((r.steady / r.n) * 1e6),
      'steady CPU (s)': Number(r.steadyCpu.toFixed(3)),
    });
  }
}
printMarkdownSummary('Baselines engine: one evaluation pass', rows, [
  'first pass: 120 samples per series read, every baseline computed and stored',
  'steady pass: 6 new samples per series read, every series validated against its baseline',
]);
