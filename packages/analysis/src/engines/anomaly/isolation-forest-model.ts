import { IsolationForest } from 'isolation-forest';
import type { DataObject } from 'isolation-forest';
import { createSeededRandom, withSeededMathRandom } from '../../stats/seeded-random.js';

/** Most rows an isolation forest is fitted on (the subsample size of the original method). */
export const ISOLATION_FOREST_MAX_ROWS = 256;
/** Fewest rows worth fitting a forest on. */
export const ISOLATION_FOREST_MIN_ROWS = 32;

/** A fitted isolation forest over fixed-length numeric feature vectors. */
export interface IsolationForestModel {
  /** Anomaly score in (0, 1) of one feature vector: about 0.5 and below is ordinary. */
  score(features: ArrayLike<number>): number;
  /** Rows the forest was fitted on. */
  readonly rows: number;
}

/**
 * Fits a new `isolation-forest` instance on at most {@link ISOLATION_FOREST_MAX_ROWS} rows
 * drawn without replacement from `rows` (a seeded draw), with `trees` trees. The package
 * draws its split points from `Math.random`; the fit runs with a seeded generator in its
 * place, so the same rows and seed give the same forest. Returns undefined for fewer than
 * {@link ISOLATION_FOREST_MIN_ROWS} rows.
 */
export function fitIsolationForest(
  rows: readonly ArrayLike<number>[],
  options: { trees: number; seed: number },
): IsolationForestModel | undefined {
  if (rows.length < ISOLATION_FOREST_MIN_ROWS) return undefined;
  const random = createSeededRandom(options.seed);
  const indices = rows.map((_, i) => i);
  const take = Math.min(ISOLATION_FOREST_MAX_ROWS, rows.length);
  // Partial Fisher-Yates shuffle: the first `take` indices are a uniform sample.
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (indices.length - i));
    const tmp = indices[i]!;
    indices[i] = indices[j]!;
    indices[j] = tmp;
  }
  const sample = indices.slice(0, take).map((i) => toDataObject(rows[i]!));
  const forest = new IsolationForest(options.trees, take);
  withSeededMathRandom(options.seed ^ 0x9e3779b9, () => forest.fit(sample));
  return {
    rows: take,
    score(features) {
      const value = forest.predict([toDataObject(features)])[0];
      return value !== undefined && Number.isFinite(value) ? value : 0.5;
    },
  };
}

const KEYS = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9'];

function toDataObject(features: ArrayLike<number>): DataObject {
  const out: DataObject = {};
  for (let i = 0; i < features.length; i++) out[KEYS[i] ?? `f${i}`] = features[i] as number;
  return out;
}
