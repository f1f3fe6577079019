import { createSeededRandom } from '../../stats/seeded-random.js';

/** A k-means clustering. */
export interface KMeansResult {
  /** Cluster index of each point. */
  assignments: number[];
  /** Cluster centres. */
  centroids: number[][];
  /** Sum of squared distances of the points to their centres. */
  inertia: number;
}

/** Squared Euclidean distance. */
export function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return s;
}

/**
 * Lloyd's k-means with k-means++ seeding (seeded, so reproducible), the best of `restarts`
 * runs by inertia. `k` is clamped to the number of points.
 */
export function kMeans(
  points: readonly number[][],
  k: number,
  options: { seed?: number; restarts?: number; maxIterations?: number } = {},
): KMeansResult {
  const n = points.length;
  const kk = Math.max(1, Math.min(k, n));
  const random = createSeededRandom(options.seed ?? 1);
  let best: KMeansResult | undefined;
  for (let run = 0; run < (options.restarts ?? 5); run++) {
    const centroids = [points[Math.floor(random() * n)]!.slice()];
    while (centroids.length < kk) {
      const d = points.map((p) => Math.min(...centroids.map((c) => squaredDistance(p, c))));
      const total = d.reduce((a, b) => a + b, 0);
      let r = random() * total;
      let pick = 0;
      while (pick < n - 1 && r >= d[pick]!) r -= d[pick++]!;
      centroids.push(points[total > 0 ? pick : centroids.length % n]!.slice());
    }
    const assignments = new Array<number>(n).fill(0);
    for (let iter = 0; iter < (options.maxIterations ?? 100); iter++) {
      let changed = false;
      points.forEach((p, i) => {
        let bestC = 0;
        let bestD = Number.POSITIVE_INFINITY;
        centroids.forEach((c, j) => {
          const dist = squaredDistance(p, c);
          if (dist < bestD) {
            bestD = dist;
            bestC = j;
          }
        });
        if (assignments[i] !== bestC) changed = true;
        assignments[i] = bestC;
      });
      centroids.forEach((c, j) => {
        const members = points.filter((_, i) => assignments[i] === j);
        if (members.length === 0) return;
        for (let f = 0; f < c.length; f++)
          c[f] = members.reduce((a, m) => a + m[f]!, 0) / members.length;
      });
      if (!changed && iter > 0) break;
    }
    const inertia = points.reduce(
      (a, p, i) => a + squaredDistance(p, centroids[assignments[i]!]!),
      0,
    );
    if (best === undefined || inertia < best.inertia) best = { assignments, centroids, inertia };
  }
  return best!;
}

/**
 * Mean silhouette of a clustering: for each point, (b - a) / max(a, b) with a its mean
 * distance to its own cluster and b to the nearest other cluster (0 for a point alone in
 * its cluster). In [-1, 1]; higher means better separated clusters. 0 for one cluster.
 */
export function silhouette(points: readonly number[][], assignments: readonly number[]): number {
  const k = Math.max(...assignments) + 1;
  if (k < 2) return 0;
  let total = 0;
  points.forEach((p, i) => {
    const sums = new Array<number>(k).fill(0);
    const counts = new Array<number>(k).fill(0);
    points.forEach((q, j) => {
      if (i === j) return;
      sums[assignments[j]!]! += Math.sqrt(squaredDistance(p, q));
      counts[assignments[j]!]! += 1;
    });
    const own = assignments[i]!;
    if (counts[own] === 0) return;
    const a = sums[own]! / counts[own]!;
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++)
      if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    if (Number.isFinite(b) && Math.max(a, b) > 0) total += (b - a) / Math.max(a, b);
  });
  return total / points.length;
}
