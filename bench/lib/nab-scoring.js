// The Numenta Anomaly Benchmark's published scoring, written from its description: labelled
// windows, a probationary period, the scaled sigmoid, three cost profiles, the detection
// threshold chosen per profile to maximise the corpus total, and the normalised score
// 100 * (raw - null) / (perfect - null).

/** The three published profiles (A_TP, A_FP, A_FN). */
export const NAB_PROFILES = {
  standard: { tp: 1, fp: 0.11, fn: 1 },
  reward_low_FP_rate: { tp: 1, fp: 0.22, fn: 1 },
  reward_low_FN_rate: { tp: 1, fp: 0.11, fn: 2 },
};

/** `2 / (1 + e^(5y)) - 1`, and -1 once a detection is more than 3 window widths past a window. */
export function scaledSigmoid(y) {
  if (y > 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

/** The sigmoid at a window's first row, by which true positives are divided. */
const MAX_TP = scaledSigmoid(-1);

/** Rows not scored at the start of a file: min(floor(15% of rows), 750). */
export function probationaryRows(length) {
  return Math.min(Math.floor(0.15 * length), 750);
}

/**
 * Prepares one file for scoring: for every scored row, whether it lies in a window (and
 * which) and its unweighted value as a detection — the sigmoid of its position in the window
 * divided by the sigmoid at the window's start, or, outside windows, the (negative) sigmoid
 * of its distance past the previous window (-1 before any window).
 *
 * @param {number[]} timesMillis row timestamps, ascending
 * @param {number[]} scores detector output per row, in [0, 1]
 * @param {Array<[number, number]>} windowsMillis inclusive [start, end] per window
 */
export function prepareFile(timesMillis, scores, windowsMillis) {
  const n = timesMillis.length;
  const windowOf = new Int32Array(n).fill(-1);
  const windowRows = windowsMillis.map(([start, end]) => {
    let first = -1;
    let last = -1;
    for (let i = 0; i < n; i++) {
      const t = timesMillis[i];
      if (t >= start && t <= end) {
        if (first < 0) first = i;
        last = i;
      }
    }
    return { first, last };
  });
  windowRows.forEach(({ first, last }, w) => {
    if (first < 0) return;
    for (let i = first; i <= last; i++) windowOf[i] = w;
  });
  const probation = probationaryRows(n);
  const rows = [];
  let prevWindow = -1;
  for (let i = 0; i < n; i++) {
    const w = windowOf[i];
    if (w >= 0) {
      const { first, last } = windowRows[w];
      const width = last - first + 1;
      if (i >= probation) {
        // Normalised so that a detection at the window's first row is worth exactly A_TP.
        const value = scaledSigmoid(-(last - i + 1) / width) / MAX_TP;
        rows.push({ score: scores[i], window: w, value });
      }
      if (i === last) prevWindow = w;
      continue;
    }
    if (i < probation) continue;
    let value = -1;
    if (prevWindow >= 0) {
      const { first, last } = windowRows[prevWindow];
      const width = last - first + 1;
      value = scaledSigmoid(Math.abs(last - i) / Math.max(1, width - 1));
    }
    rows.push({ score: scores[i], window: -1, value });
  }
  // Windows entirely inside the probationary period are not scored at all.
  const scoredWindows = new Set(rows.filter((r) => r.window >= 0).map((r) => r.window));
  const renumber = new Map([...scoredWindows].sort((a, b) => a - b).map((w, k) => [w, k]));
  for (const row of rows) if (row.window >= 0) row.window = renumber.get(row.window);
  return { rows, windows: renumber.size };
}

/**
 * Sweeps the threshold over every distinct score of the corpus (descending) and returns the
 * best raw total and its threshold for `profile`, with the counts at that threshold. A row is
 * a detection when its score is >= the threshold; in a window only the earliest detection
 * (the largest sigmoid value) counts; an undetected window costs A_FN.
 *
 * @param {Array<ReturnType<typeof prepareFile>>} files
 * @param {{tp:number, fp:number, fn:number}} profile
 */
export function sweepCorpus(files, profile) {
  const all = [];
  let windowCount = 0;
  for (const file of files) {
    for (const row of file.rows) {
      all.push({
        score: row.score,
        window: row.window < 0 ? -1 : windowCount + row.window,
        value: row.value,
      });
    }
    windowCount += file.windows;
  }
  all.sort((a, b) => b.score - a.score);
  const best = new Float64Array(windowCount).fill(Number.NaN);
  let tpSum = 0;
  let fpSum = 0;
  let detectedWindows = 0;
  let fpCount = 0;
  const total = () => tpSum + fpSum - profile.fn * (windowCount - detectedWindows);
  // Threshold above every score: nothing detected.
  let bestTotal = total();
  let bestThreshold = Number.POSITIVE_INFINITY;
  let bestCounts = { tp: 0, fp: 0, fn: windowCount };
  for (let i = 0; i < all.length;) {
    const threshold = all[i].score;
    while (i < all.length && all[i].score === threshold) {
      const row = all[i++];
      if (row.window < 0) {
        fpSum += profile.fp * row.value;
        fpCount++;
      } else {
        const previous = best[row.window];
        if (Number.isNaN(previous)) {
          detectedWindows++;
          best[row.window] = row.value;
          tpSum += profile.tp * row.value;
        } else if (row.value > previous) {
          tpSum += profile.tp * (row.value - previous);
          best[row.window] = row.value;
        }
      }
    }
    const t = total();
    if (t > bestTotal) {
      bestTotal = t;
      bestThreshold = threshold;
      bestCounts = { tp: detectedWindows, fp: fpCount, fn: windowCount - detectedWindows };
    }
  }
  return { raw: bestTotal, threshold: bestThreshold, ...bestCounts, windows: windowCount };
}

/**
 * The normalised NAB score of `files` under `profile`: 100 * (raw - null) / (perfect - null),
 * where null detects nothing (every window costs A_FN) and perfect detects every window at
 * its first row (worth A_TP each).
 */
export function nabScore(files, profile) {
  const sweep = sweepCorpus(files, profile);
  const nullScore = -profile.fn * sweep.windows;
  const perfect = profile.tp * sweep.windows;
  return {
    ...sweep,
    score: (100 * (sweep.raw - nullScore)) / (perfect - nullScore),
  };
}

/**
 * The result of `files` under `profile` at a fixed `threshold` (a row is a detection when its
 * score is >= the threshold), normalised as in {@link nabScore}; `score` is NaN when the
 * files have no scored window (a set without anomalies has no perfect-versus-null range).
 *
 * @param {Array<ReturnType<typeof prepareFile>>} files
 * @param {{tp:number, fp:number, fn:number}} profile
 * @param {number} threshold
 */
export function scoreAtThreshold(files, profile, threshold) {
  let raw = 0;
  let windows = 0;
  let tp = 0;
  let fp = 0;
  for (const file of files) {
    const best = new Float64Array(file.windows).fill(Number.NaN);
    for (const row of file.rows) {
      if (!(row.score >= threshold)) continue;
      if (row.window < 0) {
        raw += profile.fp * row.value;
        fp++;
      } else if (Number.isNaN(best[row.window]) || row.value > best[row.window]) {
        best[row.window] = row.value;
      }
    }
    for (const value of best) {
      if (Number.isNaN(value)) raw -= profile.fn;
      else {
        raw += profile.tp * value;
        tp++;
      }
    }
    windows += file.windows;
  }
  const nullScore = -profile.fn * windows;
  const perfect = profile.tp * windows;
  const score = windows > 0 ? (100 * (raw - nullScore)) / (perfect - nullScore) : Number.NaN;
  return { raw, score, threshold, tp, fp, fn: windows - tp, windows };
}
