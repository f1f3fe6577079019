// The heterodyne model of examples/: the optimized kernel (tables built at warm-up, Math.cos
// replaced by an interpolated table, single-precision output) against the float64 reference
// path that verifies it, and an objective evaluation answered by the LRU evaluation cache
// against one computed. Default experiment: 24 frames, 4 angles, 1104 points.
// Run after building: `npx tsc --build && node bench/xpcs-model.bench.js`.
// `BENCH_TIME_MS` sets the time per task (default 1500).
import { Bench } from 'tinybench';
import { createCorrelationKernel } from '../examples/dist/analysis/correlation-kernel.js';
import { createEvaluationCache } from '../examples/dist/analysis/evaluation-cache.js';
import { createObjective } from '../examples/dist/analysis/objective.js';
import { DEFAULT_EXPERIMENT, DEFAULT_TRUTH } from '../examples/dist/analysis/presets.js';
import { referenceBracket } from '../examples/dist/analysis/reference-model.js';
import { generateDataset } from '../examples/dist/analysis/synthetic.js';

const time = Number(process.env.BENCH_TIME_MS ?? 1500);
const kernel = createCorrelationKernel(DEFAULT_EXPERIMENT);
const dataset = generateDataset({ truth: DEFAULT_TRUTH, experiment: DEFAULT_EXPERIMENT, seed: 1 });
const out = new Float32Array(kernel.points);
const computed = createObjective({ dataset, kernel });
const cache = createEvaluationCache();
const cached = createObjective({ dataset, kernel, cache, cacheContext: 'bench' });
cached(DEFAULT_TRUTH);
let sink = 0;

const bench = new Bench({ time, warmupTime: 200 });
bench
  .add('optimized kernel (4096-entry table, float32)', () => {
    sink += kernel.evaluate(DEFAULT_TRUTH, out)[7];
  })
  .add('reference path (Simpson quadrature, float64)', () => {
    sink += referenceBracket(DEFAULT_TRUTH, DEFAULT_EXPERIMENT)[7];
  })
  .add('objective, computed (kernel + per-angle scaling)', () => {
    sink += computed(DEFAULT_TRUTH);
  })
  .add('objective, cache hit', () => {
    sink += cached(DEFAULT_TRUTH);
  });
await bench.run();
const mean = (name) => bench.tasks.find((t) => t.name === name).result.latency.mean * 1000;
console.log('| task | mean µs |\n| --- | ---: |');
for (const t of bench.tasks)
  console.log(`| ${t.name} | ${(t.result.latency.mean * 1000).toFixed(2)} |`);
console.log(
  `\nreference / optimized: ${(mean(bench.tasks[1].name) / mean(bench.tasks[0].name)).toFixed(1)}x;` +
    ` computed / cache hit: ${(mean(bench.tasks[2].name) / mean(bench.tasks[3].name)).toFixed(1)}x` +
    ` (kernel warm-up ${(kernel.warmUpSeconds * 1e3).toFixed(2)} ms)`,
);
if (!Number.isFinite(sink)) throw new Error('non-finite sink');
