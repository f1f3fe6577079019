// Cost of streaming anomaly scoring, in one run:
// 1. points/s of one detector over a long seasonal series with noise and spikes, including
//    every isolation forest refit (default settings), and the same without the forest;
// 2. one evaluation pass over 10,000 series: each series (past its warm-up, 48 points)
//    scores its one new point, as the service does per series per interval. Warming 10,000
//    series through their first forest fits would take minutes, so the forest's share is
//    added from (1): in steady state a series fits one 10-tree forest per 512 points, so a
//    pass over 10,000 series fits about 20, whose time the stream rate already includes.
// Targets: >= 50,000 points/s per core including retraining; the pass under 2 s.
// Rates are given per wall-clock second and per second of this process's CPU time (user +
// system, which also counts the garbage collector's helper threads): on a shared machine the
// wall-clock rate falls with the load, the CPU-time rate is the cost on one core.
import { createStreamingAnomalyDetector } from '@heterodyne/analysis';
import { isQuickRun, printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const quick = isQuickRun(1000);
const POINTS = quick ? 20_000 : 100_000;
const SERIES = 10_000;
const WARM = 48;
const STEP = 60_000;
const rand = seededRandom(42);
const series = Float64Array.from({ length: POINTS }, (_, i) => {
  const daily = 10 * Math.sin((2 * Math.PI * i) / 1440);
  return 100 + daily + (rand() - 0.5) * 4 + (rand() < 0.001 ? 40 : 0);
});

function streamRate(options) {
  const detector = createStreamingAnomalyDetector(options);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let sum = 0;
  for (let i = 0; i < POINTS; i++) sum += detector.update(i * STEP, series[i]).score;
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  if (!Number.isFinite(sum)) throw new Error('non-finite scores');
  return { wall: POINTS / seconds, cpu: POINTS / ((cpu.user + cpu.system) / 1e6) };
}

const withForest = streamRate({});
const withoutForest = streamRate({ isolationForest: false });

const detectors = Array.from({ length: SERIES }, (_, s) => {
  const d = createStreamingAnomalyDetector();
  for (let i = 0; i < WARM; i++) d.update(i * STEP, series[(s * 37 + i) % POINTS]);
  return d;
});
const passes = [];
for (let pass = 0; pass < 5; pass++) {
  const started = performance.now();
  for (let s = 0; s < SERIES; s++) {
    detectors[s].update((WARM + pass) * STEP, series[(s * 37 + WARM + pass) % POINTS]);
  }
  passes.push((performance.now() - started) / 1000);
}
passes.sort((a, b) => a - b);

printMarkdownSummary(
  'Streaming anomaly scoring (one core)',
  [
    {
      measure: 'points/s, default (isolation forest incl. refits)',
      value: Math.round(withForest.wall),
    },
    {
      measure: 'points per CPU-second, default (isolation forest incl. refits)',
      value: Math.round(withForest.cpu),
    },
    { measure: 'points/s, without the isolation forest', value: Math.round(withoutForest.wall) },
    {
      measure: 'points per CPU-second, without the isolation forest',
      value: Math.round(withoutForest.cpu),
    },
    {
      measure: `one pass over ${SERIES} series, s (median of 5)`,
      value: Number(passes[2].toFixed(3)),
    },
  ],
  [
    `${POINTS} points of a daily-seasonal series at 1-minute steps; targets >= 50,000 points/s and < 2 s per pass.`,
    `Isolation forest cost ratio (CPU time): ${(withoutForest.cpu / withForest.cpu).toFixed(2)}x.`,
  ],
);
