// Forecast quality and cost on seeded series: `forecastSeries` with its default bounds on the
// random forest (20 trees of depth 6, the 80 most recent training rows, tried only on series
// of 100+ points where Holt-Winters' backtest error is at least 0.7 of seasonal-naive's and
// the Ljung-Box test finds autocorrelation), the same without that test,
// against an unbounded forest (50 trees of depth 8, every training row, always tried).
// Six shapes of 300 points a minute apart, three seeds each, 10-minute horizon. Quality is
// the chosen model's backtest mean absolute error relative to seasonal-naive (below 1 beats
// it), averaged per shape; cost is CPU per forecast. `FORECAST_BENCH_SEEDS` sets the seeds
// per shape (default 3).
import { forecastSeries } from '@heterodyne/analysis';
import { printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const T0 = 1_700_000_000_000;
const POINTS = 300;
const SEEDS = Number(process.env.FORECAST_BENCH_SEEDS ?? 3);

/** A normal draw from two uniform ones (Box-Muller). */
const normal = (rand) => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

const SHAPES = {
  'daily-like cycle (24 points)': (i, rand) =>
    100 + 10 * Math.sin((2 * Math.PI * i) / 24) + normal(rand),
  'cycle (30 points) and rise': (i, rand) =>
    100 + 0.05 * i + 10 * Math.sin((2 * Math.PI * i) / 30) + normal(rand),
  'linear rise': (i, rand) => 50 + 0.2 * i + 2 * normal(rand),
  'noise around a level': (_i, rand) => 100 + normal(rand),
  'peaked cycle (60 points)': (i, rand) =>
    100 + 20 * Math.sin((2 * Math.PI * i) / 60) ** 3 + 0.5 * normal(rand),
  'random walk': (() => {
    let x = 0;
    return (i, rand) => {
      x = i === 0 ? 100 : x + normal(rand);
      return x;
    };
  })(),
};

const VARIANTS = {
  bounded: {},
  // The same, with the forest tried on series without autocorrelation too.
  'without the independence test': { forestIndependenceP: 1 },
  unbounded: {
    forest: { trees: 50, maxDepth: 8, maxTrainingRows: 100_000 },
    forestAboveRelativeError: 0,
    forestMinPoints: 0,
    forestIndependenceP: 1,
  },
};

const rows = [];
const totals = Object.fromEntries(Object.keys(VARIANTS).map((v) => [v, 0]));
for (const [shape, f] of Object.entries(SHAPES)) {
  const row = { shape };
  for (const [variant, options] of Object.entries(VARIANTS)) {
    let relative = 0;
    let cpu = 0;
    const models = new Set();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rand = seededRandom(seed * 7919);
      const times = [];
      const values = [];
      for (let i = 0; i < POINTS; i++) {
        times.push(T0 + i * 60_000);
        values.push(f(i, rand));
      }
      const start = process.cpuUsage();
      const r = forecastSeries(times, values, 600, options);
      const used = process.cpuUsage(start);
      cpu += (used.user + used.system) / 1000;
      relative += r.backtest.relativeToSeasonalNaive;
      models.add(r.model);
    }
    totals[variant] += cpu;
    row[`${variant}: error / seasonal-naive`] = Number((relative / SEEDS).toFixed(3));
    row[`${variant}: models`] = [...models].join(', ');
    row[`${variant}: CPU ms per forecast`] = Number((cpu / SEEDS).toFixed(1));
  }
  rows.push(row);
}

const count = SEEDS * Object.keys(SHAPES).length;
printMarkdownSummary('Forecast quality and cost: bounded against unbounded forest', rows, [
  `mean CPU per forecast: ${Object.entries(totals)
    .map(([v, ms]) => `${v} ${(ms / count).toFixed(1)} ms`)
    .join(', ')} (unbounded / bounded ${(totals.unbounded / totals.bounded).toFixed(1)})`,
]);
