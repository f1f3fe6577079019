// Ingest throughput with the engine scheduler running vs without it, in one run: do the
// engines starve ingestion? The same decode+normalise+store loop as `ingest.bench.js`
// (50 points per request, the SDK-shaped pool of bench/lib/otlp-requests.js) runs in
// alternating rounds; in half of them the scheduler evaluates a trivial engine on real
// timers at an interval of 100 ms (150x the default 15 s, so that a short round holds many
// evaluations), reading the exact running totals and the last minute of samples of every
// series through the read-only view. The loop yields to the event loop every 16 requests in
// both variants, as a receiver does between requests, so timers fire on time.
//
// Reported: points/s of each variant (median of the rounds) and their ratio (target: >= 0.90).
// `BENCH_TIME_MS` sets the time per round (default 1500); 6 rounds per variant.
import {
  createEngineScheduler,
  createIngestPipeline,
  createSeriesStore,
  createSeriesView,
  decodeMetricsProtobuf,
  encodeMetricsProtobuf,
} from '@heterodyne/analysis';
import { cumulativeExport, resourceStreams } from './lib/otlp-requests.js';
import { benchTimeMs, printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const ROUND_MS = benchTimeMs(1500);
const ROUNDS = 6;
const POOL = 256;
const RESOURCES = 8;
const POINTS = 50;
const INTERVAL_SECONDS = 10;
const ENGINE_INTERVAL_MILLIS = 100;
const T0 = 1_700_000_000; // seconds

const rand = seededRandom(20_250_101);
const streams = Array.from({ length: RESOURCES }, () => resourceStreams(rand, POINTS));
const pool = Array.from({ length: POOL }, (_, i) =>
  encodeMetricsProtobuf(
    cumulativeExport(
      i % RESOURCES,
      streams[i % RESOURCES],
      Math.floor(i / RESOURCES),
      T0,
      INTERVAL_SECONDS,
    ),
  ),
);

function newPipeline() {
  const store = createSeriesStore({
    clock: { now: () => T0 * 1000 },
    startTimeMillis: T0 * 1000 + 1,
  });
  return { store, pipeline: createIngestPipeline({ store, maxFutureSkewMillis: 86_400_000 }) };
}

/** The trivial engine: totals and the last minute of samples of every series. */
function trivialEngine(stats) {
  return {
    name: 'trivial',
    intervalMillis: ENGINE_INTERVAL_MILLIS,
    evaluate(_at, context) {
      let sum = 0;
      const dataTime = T0 * 1000 + POOL * INTERVAL_SECONDS * 1000;
      for (const series of context.series.select({})) {
        sum += context.series.totals(series.id)?.sum ?? 0;
        for (const s of context.series.samples(series.id, dataTime - 60_000, dataTime))
          sum += s.value;
      }
      stats.evaluations++;
      stats.sink += sum;
    },
    report: () => ({ name: 'trivial', healthy: true }),
  };
}

const timer = {
  schedule(callback, delayMillis) {
    const t = setTimeout(() => void callback(), delayMillis);
    return () => clearTimeout(t);
  },
};

const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

/** Ingests for ROUND_MS; returns points/s and how many evaluations ran meanwhile. */
async function round(withEngine) {
  let { store, pipeline } = newPipeline();
  const stats = { evaluations: 0, sink: 0 };
  const storeRef = { current: store };
  const view = {
    select: (s) => createSeriesView(storeRef.current).select(s),
    totals: (id) => storeRef.current.seriesTotals(id),
    samples: (id, from, at) => createSeriesView(storeRef.current).samples(id, from, at),
  };
  const scheduler = withEngine
    ? createEngineScheduler({
        engines: [trivialEngine(stats)],
        clock: { now: () => Date.now() },
        series: view,
        onFinding: () => undefined,
        timer,
      })
    : undefined;
  await scheduler?.start();
  let points = 0;
  let k = 0;
  const started = performance.now();
  while (performance.now() - started < ROUND_MS) {
    for (let n = 0; n < 16; n++) {
      if ((k & (POOL - 1)) === 0 && k > 0) {
        ({ store, pipeline } = newPipeline());
        storeRef.current = store;
      }
      const r = decodeMetricsProtobuf(pool[k++ & (POOL - 1)]);
      if (r.ok) points += pipeline.ingestMetrics(r.value).acceptedPoints;
    }
    await yieldToLoop();
  }
  const seconds = (performance.now() - started) / 1000;
  await scheduler?.shutdown();
  if (stats.sink < 0) console.log(stats.sink);
  return {
    pointsPerSecond: points / seconds,
    evaluations: stats.evaluations,
    series: store.countSeries(),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

await round(false); // warm-up
await round(true);
const without = [];
const withEngine = [];
const evaluations = [];
const ratios = [];
let series = 0;
for (let i = 0; i < ROUNDS; i++) {
  const a = await round(false);
  const b = await round(true);
  without.push(a.pointsPerSecond);
  withEngine.push(b.pointsPerSecond);
  evaluations.push(b.evaluations);
  ratios.push(b.pointsPerSecond / a.pointsPerSecond);
  series = Math.max(series, b.series);
}
const ratio = median(ratios);
printMarkdownSummary(
  `Ingest with the engine scheduler running (${ROUND_MS} ms rounds, ${ROUNDS} alternating rounds, medians)`,
  [
    { variant: 'ingest alone', 'points/s': Math.round(median(without)), 'evaluations/round': 0 },
    {
      variant: `ingest + trivial engine every ${ENGINE_INTERVAL_MILLIS} ms`,
      'points/s': Math.round(median(withEngine)),
      'evaluations/round': Math.round(median(evaluations)),
    },
  ],
  [
    `with engine / alone: ${ratio.toFixed(3)}x (median of per-round ratios; target >= 0.90: ${ratio >= 0.9 ? 'met' : 'NOT met'})`,
    `engine reads up to ${series} series per evaluation (totals + last minute of samples)`,
  ],
);
