// Cost of the anomaly and trend engines' passes over N gauge series held in a real series
// store (its default ring of 60 samples per series), with the default `analytics` settings
// unless stated:
// - anomaly, first pass: 60 new samples per series scored (warm-up, first forest fits);
//   once unbounded (budgets lifted) and once with the default budgets (200,000 points,
//   1 s), which stop the pass and leave the rest of the series to the next passes;
// - anomaly, steady pass: 4 new samples per series (one every ~4 s between 15 s passes);
// - trend, collect pass: the new samples of every series appended to its own history;
// - trend, analysis: trend + forecast per series (300 points a minute apart, 10-minute
//   horizon: Holt-Winters, random forest and seasonal-naive backtested); the default pass
//   stops at 200 series or 2 s, so the cost per series and the time to cover all are given.
// `ANALYTICS_BENCH_SERIES` sets N (default 10,000; 1,000 in a quick run);
// `ANALYTICS_BENCH_TREND_SERIES` the series of the measured analysis pass (default 20);
// `ANALYTICS_BENCH_TREND_ONLY=1` leaves the anomaly engine out;
// `ANALYTICS_BENCH_TREND_SEASONAL=1` adds a 30-minute cycle (amplitude 5) and a rise of 0.02
// per minute to the trend engine's series (where Holt-Winters wins and the forest is left out).
// A last row runs one trend analysis pass with the default limits (200 series, 2 s).
import {
  createAnomalyEngine,
  createSeriesStore,
  createSeriesView,
  createTrendEngine,
  defaultConfig,
} from '@heterodyne/analysis';
import { isQuickRun, printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const T0 = 1_700_000_000_000;
const n = Number(process.env.ANALYTICS_BENCH_SERIES ?? (isQuickRun(1000) ? 1000 : 10_000));
// Series analysed in the measured analysis pass (each forecast is a few hundred ms of CPU).
const ANALYZED = Math.min(n, Number(process.env.ANALYTICS_BENCH_TREND_SERIES ?? 20));

function cpuSeconds(usage) {
  return (usage.user + usage.system) / 1e6;
}

/** A store with `n` gauge series of `metric` and a writer of `points` samples each. */
function seriesStore(metric, count, shape = (p) => 100 + 0.01 * p) {
  let now = T0;
  const clock = { now: () => now };
  const store = createSeriesStore({ clock, startTimeMillis: T0, cardinalityLimit: count + 10 });
  const prefix = store.prefix({ 'service.name': 'bench' }, { name: 'bench', version: '' });
  const handle = store.metric(prefix, metric, 'gauge', '1');
  const rand = seededRandom(3);
  let step = 0;
  const write = (points, stepMillis) => {
    for (let p = 0; p < points; p++) {
      now += stepMillis;
      step++;
      for (let i = 0; i < count; i++) {
        store.writeNumber(
          handle,
          0,
          {
            attributes: { host: `h${i}` },
            startTimeUnixNano: 0,
            timeUnixNano: now * 1e6,
            flags: 0,
            value: shape(p, step) + rand(),
            isInt: false,
          },
          now,
        );
      }
    }
  };
  return { view: createSeriesView(store), write, now: () => now };
}

async function timed(fn) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await fn();
  return { wall: (performance.now() - t) / 1000, cpu: cpuSeconds(process.cpuUsage(cpu)) };
}

const config = defaultConfig().analytics;
const rows = [];
const context = (view) => ({ series: view, emit: () => {} });

// Anomaly engine, budgets lifted and default.
for (const budgeted of process.env.ANALYTICS_BENCH_TREND_ONLY === '1' ? [] : [false, true]) {
  const s = seriesStore('bench.temperature', n);
  const a = config.anomaly;
  const engine = createAnomalyEngine({
    detector: {
      contamination: config.mlModels.anomalyDetection.contamination,
      trees: config.mlModels.anomalyDetection.nEstimators,
      historyPoints: a.historyPoints,
    },
    maxSeries: n,
    ...(budgeted
      ? { maxPointsPerPass: a.maxPointsPerPass, passBudgetMillis: a.passBudgetMillis }
      : { maxPointsPerPass: Number.MAX_SAFE_INTEGER, passBudgetMillis: Number.POSITIVE_INFINITY }),
  });
  s.write(60, 250);
  const first = await timed(() => engine.evaluate(s.now(), context(s.view)));
  const firstDetail = engine.report().detail;
  rows.push({
    pass: `anomaly first${budgeted ? ' (default budgets)' : ' (no budget)'}`,
    series: n,
    'series reached': n - firstDetail.deferredSeries,
    points: firstDetail.scoredPoints,
    'wall (s)': Number(first.wall.toFixed(3)),
    'CPU (s)': Number(first.cpu.toFixed(3)),
  });
  if (budgeted) continue;
  s.write(4, 3750);
  const steady = await timed(() => engine.evaluate(s.now(), context(s.view)));
  rows.push({
    pass: 'anomaly steady (4 new points per series)',
    series: n,
    'series reached': n - engine.report().detail.deferredSeries,
    points: engine.report().detail.scoredPoints - firstDetail.scoredPoints,
    'wall (s)': Number(steady.wall.toFixed(3)),
    'CPU (s)': Number(steady.cpu.toFixed(3)),
  });
}

// Trend engine: collection over every series, analysis of a default-sized batch.
{
  const s = seriesStore(
    'bench.queue.depth',
    n,
    process.env.ANALYTICS_BENCH_TREND_SEASONAL === '1'
      ? (_p, step) => 100 + 0.02 * step + 5 * Math.sin((2 * Math.PI * step) / 30)
      : undefined,
  );
  const engine = createTrendEngine({
    config: {
      ...config.trend,
      metrics: ['bench.queue.depth'],
      maxSeries: n,
      horizonMillis: 600_000,
      // Analysis only when asked below; collection at every pass.
      evaluationIntervalMillis: 1e12,
      maxSeriesPerPass: ANALYZED,
      passBudgetMillis: Number.POSITIVE_INFINITY,
    },
  });
  // The same series under the default pass limits.
  const budgeted = createTrendEngine({
    config: {
      ...config.trend,
      metrics: ['bench.queue.depth'],
      maxSeries: n,
      horizonMillis: 600_000,
      evaluationIntervalMillis: 1e12,
    },
  });
  // 300 points a minute apart, collected every 50 points (the store's ring holds 60).
  let collect = { wall: 0, cpu: 0 };
  for (let b = 0; b < 6; b++) {
    s.write(50, 60_000);
    const t = await timed(() => engine.evaluate(s.now(), context(s.view)));
    if (b === 5) collect = t;
    await budgeted.evaluate(s.now(), context(s.view));
  }
  rows.push({
    pass: 'trend collect (50 new points per series)',
    series: n,
    'series reached': n,
    points: 50 * n,
    'wall (s)': Number(collect.wall.toFixed(3)),
    'CPU (s)': Number(collect.cpu.toFixed(3)),
  });
  // The first evaluate analysed ANALYZED series on 50 points (too short: cheap); analyse
  // ANALYZED series now on 300 points.
  const analysis = await timed(() => engine.evaluate(s.now() + 2e12, context(s.view)));
  const detail = engine.report().detail;
  rows.push({
    pass: `trend analysis (${ANALYZED} series, 300 points, 10 min horizon)`,
    series: n,
    'series reached': detail.analyzedLastPass,
    points: 300 * detail.analyzedLastPass,
    'wall (s)': Number(analysis.wall.toFixed(3)),
    'CPU (s)': Number(analysis.cpu.toFixed(3)),
  });
  const perSeries = analysis.cpu / detail.analyzedLastPass;
  const defaultPass = await timed(() => budgeted.evaluate(s.now() + 2e12, context(s.view)));
  const reached = budgeted.report().detail.analyzedLastPass;
  rows.push({
    pass: `trend analysis (default limits: ${config.trend.maxSeriesPerPass} series or ${config.trend.passBudgetMillis / 1000} s)`,
    series: n,
    'series reached': reached,
    points: 300 * reached,
    'wall (s)': Number(defaultPass.wall.toFixed(3)),
    'CPU (s)': Number(defaultPass.cpu.toFixed(3)),
  });
  const passes = (count) => Math.ceil(count / Math.max(1, reached));
  var trendNote = `trend analysis: ${(perSeries * 1000).toFixed(1)} ms CPU per series; the default pass (every 5 min) reached ${reached} series, so 1,000 series take about ${passes(1000)} passes and ${n} about ${passes(n)}`;
}

printMarkdownSummary('Anomaly and trend engines: one evaluation pass', rows, [
  'anomaly first (no budget): every series scored (warm-up and first isolation forest fits included)',
  'anomaly first (default budgets): the pass stops at 200,000 points or 1 s; the next passes go on round robin',
  trendNote,
]);
