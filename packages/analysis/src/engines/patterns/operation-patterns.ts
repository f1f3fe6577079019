import { MAD_TO_SIGMA, medianAndMad } from '../../stats/robust-statistics.js';
import { kMeans, silhouette } from './k-means.js';

/** An operation's mean profile over some metrics. */
export interface OperationProfile {
  operation: string;
  /** One value per feature (NaN when the operation has no data for it). */
  features: number[];
}

/** Groups of operations with similar profiles. */
export interface OperationPatterns {
  /** Number of clusters chosen (by the highest silhouette), 0 when too few operations. */
  k: number;
  /** Mean silhouette of the chosen clustering. */
  silhouette: number;
  /** Feature names, in the order of `centroid`. */
  features: readonly string[];
  clusters: Array<{ operations: string[]; centroid: number[] }>;
  /** Why there are no clusters. */
  reason?: string;
}

/**
 * Clusters operations by their profiles: features are robustly standardised (median and
 * MAD; missing values take the median), k-means runs for k = 2 .. min(8, n - 1), and the k
 * with the highest mean silhouette wins. Needs at least 3 operations.
 */
export function discoverOperationPatterns(
  profiles: readonly OperationProfile[],
  features: readonly string[],
): OperationPatterns {
  const usable = features
    .map((_, f) => f)
    .filter((f) => profiles.some((p) => Number.isFinite(p.features[f])));
  if (profiles.length < 3 || usable.length === 0) {
    return {
      k: 0,
      silhouette: 0,
      features,
      clusters: [],
      reason: `${profiles.length} operations with data; at least 3 are needed`,
    };
  }
  const scales = usable.map((f) => {
    const present = profiles.map((p) => p.features[f]!).filter(Number.isFinite);
    const { median, mad } = medianAndMad(present);
    let spread = MAD_TO_SIGMA * mad;
    if (!(spread > 0)) spread = Math.max(...present) - Math.min(...present) || 1;
    return { median, spread };
  });
  const points = profiles.map((p) =>
    usable.map((f, j) => {
      const x = p.features[f]!;
      return Number.isFinite(x) ? (x - scales[j]!.median) / scales[j]!.spread : 0;
    }),
  );
  let best = { k: 1, score: Number.NEGATIVE_INFINITY, assignments: profiles.map(() => 0) };
  for (let k = 2; k <= Math.min(8, profiles.length - 1); k++) {
    const result = kMeans(points, k, { seed: k });
    const s = silhouette(points, result.assignments);
    if (s > best.score) best = { k, score: s, assignments: result.assignments };
  }
  const clusters = Array.from({ length: best.k }, (_, c) => {
    const members = profiles.filter((_, i) => best.assignments[i] === c);
    return {
      operations: members.map((m) => m.operation),
      centroid: features.map((_, f) => {
        const xs = members.map((m) => m.features[f]!).filter(Number.isFinite);
        return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
      }),
    };
  }).filter((c) => c.operations.length > 0);
  return { k: clusters.length, silhouette: best.score, features, clusters };
}
