// Scoring of the Turing Change Point Dataset (van den Burg & Williams, 2020), as published:
// F1 with a margin, where index 0 is added to every annotation set and to the predictions,
// precision is measured against the union of the annotators, recall is averaged over the
// annotators and each annotated point is matched at most once; and segmentation covering,
// averaged over the annotators.

/**
 * Annotated points matched by a prediction within `margin` (each prediction used at most
 * once, the closest free one first). Returns the number of matched annotated points.
 */
export function truePositives(annotated, predicted, margin) {
  const free = new Set(predicted);
  let matched = 0;
  for (const tau of [...new Set(annotated)].sort((a, b) => a - b)) {
    let best;
    for (const x of free) {
      const d = Math.abs(tau - x);
      if (d <= margin && (best === undefined || d < best.d || (d === best.d && x < best.x))) {
        best = { d, x };
      }
    }
    if (best !== undefined) {
      matched++;
      free.delete(best.x);
    }
  }
  return matched;
}

/** F1 of `predictions` against `annotations` ({annotator: [indices]}) with a margin. */
export function fMeasure(annotations, predictions, margin = 5) {
  const sets = Object.values(annotations).map((a) => new Set([0, ...a]));
  const x = new Set([0, ...predictions]);
  const union = new Set(sets.flatMap((s) => [...s]));
  const precision = truePositives([...union], [...x], margin) / x.size;
  let recall = 0;
  for (const s of sets) recall += truePositives([...s], [...x], margin) / s.size;
  recall /= sets.length;
  if (precision + recall === 0) return { f1: 0, precision, recall };
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall };
}

/** Partition of 0..n-1 into [start, end) segments cut at the change points. */
export function partition(changePoints, n) {
  const cuts = [...new Set(changePoints)].filter((c) => c > 0 && c < n).sort((a, b) => a - b);
  const out = [];
  let start = 0;
  for (const c of cuts) {
    out.push([start, c]);
    start = c;
  }
  out.push([start, n]);
  return out;
}

function jaccard(a, b) {
  const inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  const union = a[1] - a[0] + (b[1] - b[0]) - inter;
  return union === 0 ? 0 : inter / union;
}

/** Covering of the true partition `truth` by `predicted` (both from {@link partition}). */
export function coverSingle(predicted, truth, n) {
  let c = 0;
  for (const r of truth) {
    let best = 0;
    for (const p of predicted) best = Math.max(best, jaccard(r, p));
    c += (r[1] - r[0]) * best;
  }
  return c / n;
}

/** Segmentation covering averaged over the annotators. */
export function covering(annotations, predictions, n) {
  const predicted = partition(predictions, n);
  const values = Object.values(annotations).map((a) => coverSingle(predicted, partition(a, n), n));
  return values.reduce((s, v) => s + v, 0) / values.length;
}
