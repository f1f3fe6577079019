import { normalQuantile } from '../../stats/distributions.js';
import { anomalyThreshold, resolveAnomalyDetectorConfig, scoreOfPValue } from './config.js';
import { FEATURE_COUNT, FEATURE_REASONS, FeatureExtractor } from './anomaly-features.js';
import { CoarseScale } from './coarse-scale.js';
import { ForestEnsemble } from './forest-ensemble.js';
import { SustainedSurprise } from './sustained-surprise.js';
import { TailProbability } from './tail-probability.js';
import { ValueRing } from './value-ring.js';
import { VolatilityShift } from './volatility-shift.js';
import type {
  AnomalyDetectorOptions,
  AnomalyReason,
  AnomalyPointScore,
  StreamingAnomalyDetector,
} from './types.js';

const TAIL_CAPACITY = 8192;
/** Observations a tail probability needs before it counts. */
const MIN_TAIL = 128;
/** Factor applied to a score within the refractory period of a higher one. */
const REFRACTORY_DAMPING = 0.5;
/** Within the refractory period a point scores in full only above this multiple of the peak. */
const PEAK_MARGIN = 1.2;
/** Points over which the forest's context features (recent volatility) are averaged. */
const CONTEXT_POINTS = 16;
/** Features the isolation forest sees: the four z-scores and two context features. */
const FOREST_FEATURES = FEATURE_COUNT + 2;
/** Points of the running mean of surprises (`sustained-surprise.ts`). */
const SUSTAINED_WINDOW = 128;
/** Points of the short-term dispersion of steps (`volatility-shift.ts`). */
const VOLATILITY_POINTS = 16;
/** Points averaged into one point of the coarse scale (`coarse-scale.ts`). */
const COARSE_BLOCK = 8;
/** Tail probabilities of a point: the features, the isolation forest, the volatility shift. */
const POINT_TAILS = FEATURE_COUNT + 2;
/** Index of the volatility shift among the point's tail probabilities. */
const VOLATILITY_INDEX = FEATURE_COUNT + 1;
/** Pairs among the tail probabilities (the point's, and the sustained surprise). */
const PAIRS = ((POINT_TAILS + 1) * POINT_TAILS) / 2;

/**
 * Creates a streaming, causal anomaly detector for one series. Each point is scored from the
 * values before it, then learned from:
 *
 * 1. Features: robust (MAD) z-scores of the deviation from the rolling level, the first
 *    difference, the seasonal residual and the recent level shift (`anomaly-features.ts`).
 * 2. Robust statistics: each |z| gets its upper-tail probability against the |z| values the
 *    same series produced before (`tail-probability.ts`), so a series whose spikes are
 *    routine does not alarm on every spike.
 * 3. Isolation forest: a rolling ensemble of 5 forests, each fitted on a subsample of at
 *    most 256 recent feature vectors (a new one every `retrainEveryPoints` points replaces
 *    the oldest; `forest-ensemble.ts`), scores the joint feature vector; its
 *    score gets a tail probability the same way.
 * 4. Volatility shift: the median |z| of the last 16 steps (short-term dispersion over the
 *    long-term one) gets a tail probability against earlier, non-overlapping windows, so a
 *    change to a more restless regime counts even when no single step is extreme
 *    (`volatility-shift.ts`).
 * 5. Sustained surprise: the mean surprise of the last 128 points gets a tail probability
 *    too, so that a run of mildly unusual points counts (`sustained-surprise.ts`), once it
 *    rises above the usual means by more than sampling alone gives.
 * 6. The tail probabilities combine into one (the product of the two smallest,
 *    Bonferroni-corrected for the number of pairs).
 * 7. Coarse scale: the means of 8 consecutive points get the same features and calibration
 *    (`coarse-scale.ts`), so a drift or shift hidden in the point-to-point noise shows; the
 *    point that completes a block takes the smaller of the two scales' tail probabilities,
 *    which maps to the score in [0, 1] (`scoreOfPValue`).
 * 8. One event, one alarm: within `refractoryPoints` of a peak score, a point is damped
 *    unless it is clearly (20%) more surprising than that peak.
 */
export function createStreamingAnomalyDetector(
  options: AnomalyDetectorOptions = {},
): StreamingAnomalyDetector {
  const config = resolveAnomalyDetectorConfig(options);
  const threshold = anomalyThreshold(config.contamination);
  const bandZ = normalQuantile(1 - config.contamination / 2);
  const features = new FeatureExtractor(config.historyPoints, config.seasonality);
  const tails = Array.from({ length: FEATURE_COUNT }, () => new TailProbability(TAIL_CAPACITY));
  const forestTail = new TailProbability(TAIL_CAPACITY);
  const forest = config.isolationForest
    ? new ForestEnsemble(FOREST_FEATURES, config.trees, config.retrainEveryPoints, config.seed)
    : undefined;
  const row = new Float64Array(FOREST_FEATURES);
  let recentPeak = 0;
  let sincePeak = Number.POSITIVE_INFINITY;
  const pValues = new Float64Array(POINT_TAILS);
  const volatility = new VolatilityShift(VOLATILITY_POINTS, TAIL_CAPACITY, MIN_TAIL);
  const coarse = new CoarseScale(COARSE_BLOCK, config.historyPoints, TAIL_CAPACITY, MIN_TAIL);
  const recentDiff = new ValueRing(CONTEXT_POINTS);
  const recentLevel = new ValueRing(CONTEXT_POINTS);
  let recentDiffSum = 0;
  let recentLevelSum = 0;
  const surprises = new SustainedSurprise(SUSTAINED_WINDOW, TAIL_CAPACITY, MIN_TAIL);

  const update = (timeMillis: number, value: number): AnomalyPointScore => {
    if (!Number.isFinite(value) || !Number.isFinite(timeMillis)) {
      return {
        score: 0,
        anomaly: false,
        expected: Number.NaN,
        expectedLow: Number.NaN,
        expectedHigh: Number.NaN,
        pValue: 1,
        isolationScore: Number.NaN,
      };
    }
    const f = features.features(value);
    const warm = features.count >= config.warmupPoints;
    for (let i = 0; i < FEATURE_COUNT; i++) row[i] = compress(f.z[i]!);
    // Context for the forest: how volatile the last points were (mean |z| of the first
    // difference and of the spike feature), so it can tell a jump in a calm stretch from
    // the same jump in a restless one.
    const restlessness = recentDiff.size > 0 ? recentDiffSum / recentDiff.size : 0;
    const roughness = recentLevel.size > 0 ? recentLevelSum / recentLevel.size : 0;
    row[FEATURE_COUNT] = Math.log1p(restlessness);
    row[FEATURE_COUNT + 1] = Math.log1p(roughness);
    const isolationScore = forest !== undefined ? forest.score(row) : Number.NaN;
    const volatilityP = volatility.judge(f.z[1]!);
    const coarseVerdict = coarse.judge(value);

    let p = 1;
    let reasonIndex = -1;
    let coarseReason: AnomalyReason | undefined;
    if (warm) {
      for (let i = 0; i < FEATURE_COUNT; i++) {
        pValues[i] = tails[i]!.count >= MIN_TAIL ? tails[i]!.pValue(Math.abs(f.z[i]!)) : 1;
      }
      pValues[FEATURE_COUNT] =
        Number.isNaN(isolationScore) || forestTail.count < MIN_TAIL
          ? 1
          : forestTail.pValue(isolationOdds(isolationScore));
      pValues[VOLATILITY_INDEX] = volatilityP;
      // The two smallest tail probabilities, multiplied and Bonferroni-corrected for the
      // number of pairs: an event that stands out in two ways (a spike that is also a
      // sudden change, a seasonal deviation the isolation forest also isolates) ranks above
      // one that is extreme in a single feature, which routine noise produces more often.
      let first = 1;
      let second = 1;
      for (let i = 0; i < POINT_TAILS; i++) {
        const q = pValues[i]!;
        if (q < first) {
          second = first;
          first = q;
          reasonIndex = i;
        } else if (q < second) {
          second = q;
        }
      }
      const sustained = surprises.next(Math.min(1, first * POINT_TAILS));
      if (sustained < first) {
        second = first;
        first = sustained;
        reasonIndex = POINT_TAILS;
      } else if (sustained < second) {
        second = sustained;
      }
      p = Math.min(1, first * second * PAIRS);
      // The coarse scale (block means): the point takes the larger surprise of the two.
      if (coarseVerdict.pValue < p) {
        p = coarseVerdict.pValue;
        reasonIndex = -1;
        coarseReason = coarseVerdict.reason;
      }
    }
    let score = warm ? scoreOfPValue(p) : 0;
    // One event, one alarm: within `refractoryPoints` of the last peak a point scores in
    // full only when it is clearly (20%) more surprising than that peak; otherwise it is
    // damped. A ramp into an event thus raises one alarm, not one per step.
    if (score > recentPeak * PEAK_MARGIN || sincePeak > config.refractoryPoints) {
      recentPeak = score;
      sincePeak = 0;
    } else {
      score *= REFRACTORY_DAMPING;
    }
    sincePeak++;

    // Learn from the point.
    if (warm) {
      for (let i = 0; i < FEATURE_COUNT; i++) {
        if (f.z[i] !== 0 || i !== 2 || features.period > 0) tails[i]!.add(Math.abs(f.z[i]!));
      }
      if (!Number.isNaN(isolationScore)) forestTail.add(isolationOdds(isolationScore));
      volatility.learn();
    }
    coarse.learn(timeMillis, value, warm);
    if (recentDiff.size === CONTEXT_POINTS) recentDiffSum -= recentDiff.ago(CONTEXT_POINTS - 1);
    if (recentLevel.size === CONTEXT_POINTS) recentLevelSum -= recentLevel.ago(CONTEXT_POINTS - 1);
    const dz = Math.min(1e6, Math.abs(f.z[1]!));
    const lz = Math.min(1e6, Math.abs(f.z[0]!));
    recentDiff.push(dz);
    recentLevel.push(lz);
    recentDiffSum += dz;
    recentLevelSum += lz;
    const expected = f.expected;
    const scale = f.expectedScale;
    features.learn(timeMillis, value);
    coarse.followPeriod(features.period);
    if (warm && forest !== undefined) forest.learn(row);
    const half = Number.isFinite(scale) ? bandZ * scale : Number.NaN;
    const result: AnomalyPointScore = {
      score,
      anomaly: score >= threshold,
      expected,
      expectedLow: warm ? expected - half : Number.NaN,
      expectedHigh: warm ? expected + half : Number.NaN,
      pValue: p,
      isolationScore,
    };
    if (score > 0) {
      if (reasonIndex >= 0) result.reason = reasonOf(reasonIndex);
      else if (coarseReason !== undefined) result.reason = coarseReason;
    }
    return result;
  };

  return {
    update,
    get count() {
      return features.count;
    },
    get period() {
      return features.period;
    },
    threshold,
  };
}

function reasonOf(index: number): AnomalyReason {
  if (index < FEATURE_COUNT) return FEATURE_REASONS[index]!;
  if (index === FEATURE_COUNT) return 'pattern';
  // Steps unusually large for a stretch: the closest of the reasons.
  return index === VOLATILITY_INDEX ? 'sudden_change' : 'sustained';
}

/** Signed log compression of a z-score, so that trees split on orders of magnitude. */
function compress(z: number): number {
  return Math.sign(z) * Math.log1p(Math.abs(z));
}

/** Isolation score s in (0, 1) as odds s / (1 - s), a non-negative value for the tail estimate. */
function isolationOdds(s: number): number {
  return s >= 1 ? 1e12 : s / (1 - s);
}
