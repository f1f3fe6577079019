// The series workload shared by the series-store benchmarks (memory per series, /metrics
// scrape): the series count from the command line, per-series attributes, and one delta
// `heterodyne.operation.duration` histogram point's buckets drawn around a per-series level.
import {
  ATTR_DATASET_POINTS,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  DURATION_BUCKETS_SECONDS,
} from '@heterodyne/semconv';
import { isQuickRun } from './report.js';

const METHODS = ['nelder-mead', 'wasserstein', 'scenario', 'ellipsoidal'];

/**
 * The series count given as `arg`: 100,000 by default, 10,000 when `BENCH_TIME_MS` asks for a
 * quick run (below 1500). Throws naming `bench` when `arg` is not an integer >= 100.
 */
export function seriesCount(arg, bench) {
  if (arg === undefined || arg === '') return isQuickRun(1500) ? 10_000 : 100_000;
  const n = Number(arg);
  if (!Number.isSafeInteger(n) || n < 100) {
    throw new Error(`${bench}: series count must be an integer >= 100; got "${arg}"`);
  }
  return n;
}

/** Attributes of series `i`: 5,000 operations, four methods, a dataset size every 5,000. */
export function operationAttributes(i) {
  return {
    [ATTR_OPERATION_NAME]: `operation_${i % 5000}`,
    [ATTR_OPTIMIZATION_METHOD]: METHODS[i % METHODS.length],
    [ATTR_DATASET_POINTS]: 1000 + Math.floor(i / 5000),
  };
}

function bucketOf(value) {
  let k = 0;
  while (k < DURATION_BUCKETS_SECONDS.length && value > DURATION_BUCKETS_SECONDS[k]) k++;
  return k;
}

/**
 * The fields of one delta duration histogram point: 3-8 calls around `level` seconds
 * (within a factor e^±0.25), in the registry's duration buckets.
 */
export function durationHistogramFields(random, level) {
  const bucketCounts = new Array(DURATION_BUCKETS_SECONDS.length + 1).fill(0);
  let sum = 0;
  const count = 3 + Math.floor(random() * 6);
  for (let c = 0; c < count; c++) {
    const v = level * Math.exp(0.5 * (random() - 0.5));
    bucketCounts[bucketOf(v)]++;
    sum += v;
  }
  return {
    count,
    sum,
    bucketCounts,
    explicitBounds: DURATION_BUCKETS_SECONDS,
    min: undefined,
    max: undefined,
  };
}
