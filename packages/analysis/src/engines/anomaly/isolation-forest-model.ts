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
  /**
   * Mean path length of `features` over the trees divided by the expected path length of the
   * subsample (the exponent of the score: score = 2^-ratio), for averaging several forests.
   */
  pathRatio(features: ArrayLike<number>): number;
  /** Rows the forest was fitted on. */
  readonly rows: number;
  /** The same score through the package's own `predict` (slower; for checking `score`). */
  scoreWithPackage(features: ArrayLike<number>): number;
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
  const flat = flattenForest(forest, take);
  return {
    rows: take,
    score(features) {
      const value = Math.pow(2, -flat.pathRatio(features));
      return Number.isFinite(value) ? value : 0.5;
    },
    pathRatio(features) {
      const value = flat.pathRatio(features);
      return Number.isFinite(value) ? value : 1;
    },
    scoreWithPackage(features) {
      const value = forest.predict([toDataObject(features)])[0];
      return value !== undefined && Number.isFinite(value) ? value : 0.5;
    },
  };
}

/**
 * The package's fitted trees copied into flat typed arrays, scored exactly as the package's
 * `predict` scores (path length to the leaf plus the expected path length of the leaf's
 * size, averaged over the trees, normalised by the expected path length of the subsample)
 * without allocating a row object and without recursion: the hot path of the detector.
 */
function flattenForest(forest: IsolationForest, subsample: number) {
  // Four slots per node: split feature (-1 for a leaf), split value (for a leaf: its depth
  // plus the expected path length of its size), and the slot offsets of both children, so
  // that a descent reads one array.
  const nodes: number[] = [];
  const roots: number[] = [];
  const visit = (node: TreeNode, depth: number): number => {
    const at = nodes.length;
    nodes.push(-1, 0, 0, 0);
    if (node.leftChild === undefined || node.rightChild === undefined) {
      nodes[at + 1] = depth + averagePathLength(node.size());
      return at;
    }
    nodes[at] = KEYS.indexOf(node.splitAttribute);
    nodes[at + 1] = node.splitValue;
    nodes[at + 2] = visit(node.leftChild, depth + 1);
    nodes[at + 3] = visit(node.rightChild, depth + 1);
    return at;
  };
  for (const tree of forest.trees) roots.push(visit(tree.getRootNode() as TreeNode, 0));
  const flat = Float64Array.from(nodes);
  const starts = Int32Array.from(roots);
  const norm = averagePathLength(subsample);
  return {
    pathRatio(x: ArrayLike<number>): number {
      let total = 0;
      for (let t = 0; t < starts.length; t++) {
        let at = starts[t]!;
        let feature = flat[at]!;
        while (feature >= 0) {
          at = (x[feature] as number) < flat[at + 1]! ? flat[at + 2]! : flat[at + 3]!;
          feature = flat[at]!;
        }
        total += flat[at + 1]!;
      }
      return total / starts.length / norm;
    },
  };
}

/** The expected path length of an unsuccessful search in a binary tree of n points, as the package computes it. */
function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.57721) - (2 * (n - 1)) / n;
}

/** The shape of the package's tree nodes (its fields are public). */
interface TreeNode {
  leftChild?: TreeNode;
  rightChild?: TreeNode;
  splitAttribute: string;
  splitValue: number;
  size(): number;
}

const KEYS = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9'];

function toDataObject(features: ArrayLike<number>): DataObject {
  const out: DataObject = {};
  for (let i = 0; i < features.length; i++) out[KEYS[i] ?? `f${i}`] = features[i] as number;
  return out;
}
