// Detection quality of the streaming anomaly detector on the Numenta Anomaly Benchmark, with
// the published scoring (bench/lib/nab-scoring.js): standard, reward-low-FP and
// reward-low-FN scores, each at the threshold that maximises that profile's corpus total,
// with default detector settings for every file.
//
// Usage: node bench/nab-quality.bench.js [nab-dir]   (default ../shared/data/nab)
// Also scored in the same run: without the isolation forest and without seasonality, to show
// what each part contributes. `NAB_PER_FILE=1` prints detections per file.
import { createStreamingAnomalyDetector } from '@heterodyne/analysis';
import { DEFAULT_NAB_DIR, loadNabCorpus } from './lib/nab-corpus.js';
import { NAB_PROFILES, nabScore, prepareFile } from './lib/nab-scoring.js';
import { printMarkdownSummary } from './lib/report.js';

const dir = process.argv[2] ?? DEFAULT_NAB_DIR;
const corpus = loadNabCorpus(dir);
if (corpus.missing) {
  console.log(`SKIPPED: ${corpus.missing}; pass the corpus directory as the first argument`);
  process.exit(0);
}

function scoreCorpus(makeDetector) {
  const started = performance.now();
  let points = 0;
  const prepared = corpus.files.map((file) => {
    const detector = makeDetector();
    const scores = file.values.map((v, i) => detector.update(file.times[i], v).score);
    points += scores.length;
    return { key: file.key, prepared: prepareFile(file.times, scores, file.windows) };
  });
  const seconds = (performance.now() - started) / 1000;
  const results = {};
  for (const [name, profile] of Object.entries(NAB_PROFILES)) {
    results[name] = nabScore(
      prepared.map((p) => p.prepared),
      profile,
    );
  }
  return { results, points, seconds, prepared };
}

const variants = [
  ['default', () => createStreamingAnomalyDetector()],
  [
    'without the isolation forest',
    () => createStreamingAnomalyDetector({ isolationForest: false }),
  ],
  ['without seasonality', () => createStreamingAnomalyDetector({ seasonality: false })],
];
const rows = [];
for (const [name, make] of variants) {
  const { results, points, seconds, prepared } = scoreCorpus(make);
  rows.push({
    detector: name,
    standard: round(results.standard.score),
    reward_low_FP_rate: round(results.reward_low_FP_rate.score),
    reward_low_FN_rate: round(results.reward_low_FN_rate.score),
    'threshold (standard)': round(results.standard.threshold, 4),
    'TP/FP/FN (standard)': `${results.standard.tp}/${results.standard.fp}/${results.standard.fn}`,
    'points/s': Math.round(points / seconds),
  });
  if (process.env.NAB_PER_FILE) perFile(prepared, results.standard.threshold);
}
printMarkdownSummary(`NAB (${corpus.files.length} files) — normalised scores`, rows, [
  'Published full-corpus standard scores: ARTime 74.9, Numenta HTM 70.1, CAD OSE 69.9, KNN CAD 58.0, Windowed Gaussian 39.6, null 0.',
]);

function perFile(prepared, threshold) {
  for (const { key, prepared: p } of prepared) {
    const detected = new Set();
    let fp = 0;
    let tp = 0;
    for (const row of p.rows) {
      if (row.score < threshold) continue;
      if (row.window < 0) fp++;
      else if (!detected.has(row.window)) {
        detected.add(row.window);
        tp += row.value;
      }
    }
    console.log(
      `${key.padEnd(60)} windows ${detected.size}/${p.windows} tp ${tp.toFixed(2)} fp ${fp}`,
    );
  }
}

function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
