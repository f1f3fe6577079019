import {
  instrumentCache,
  monitorOperation,
  startOperation,
  withSecurityCheck,
} from '@heterodyne/sdk';
import {
  ATTR_DATASET_ANGLES,
  ATTR_DATASET_POINTS,
  OPTIMIZATION_METHOD_VALUES,
} from '@heterodyne/semconv';
import { reducedChiSquared } from './chi-squared.js';
import { computeG2, createGeometry, geometryKey } from './correlation.js';
import type { Geometry } from './correlation.js';
import { DEFAULT_BOUNDS, classicalObjective, fitParameters, robustObjective } from './fit.js';
import type { FitResult, ModelFunction, Objective } from './fit.js';
import { PARAMETER_NAMES } from './model.js';
import type { Experiment, HeterodyneParameters } from './model.js';
import { DEFAULT_EXPERIMENT, DEFAULT_START, DEFAULT_TRUTH } from './presets.js';
import { referenceG2 } from './reference-model.js';
import { generateDataset } from './synthetic.js';
import type { Dataset } from './synthetic.js';
import { validateDataset, validateParameters } from './validation.js';

/** Options of {@link runHeterodyneAnalysis}. */
export interface AnalysisOptions {
  /** The experiment. @default DEFAULT_EXPERIMENT */
  readonly experiment?: Experiment;
  /** Parameters the synthetic data comes from. @default DEFAULT_TRUTH */
  readonly truth?: HeterodyneParameters;
  /** Starting guess of both fits. @default DEFAULT_START */
  readonly start?: HeterodyneParameters;
  /** RNG seed of the synthetic data. @default 2024 */
  readonly seed?: number;
  /** Noise standard deviation. @default 0.002 */
  readonly noiseSigma?: number;
  /** Fraction of points with an outlier. @default 0.02 */
  readonly outlierFraction?: number;
}

/** How one fit went. */
export interface FitSummary {
  /** Fitted parameters. */
  readonly parameters: HeterodyneParameters;
  /** Reduced chi^2 of the fit against all the data, outliers included. */
  readonly reducedChiSquared: number;
  /** Largest relative error against the generating parameters (alpha: absolute error). */
  readonly worstError: number;
  /** Nelder–Mead iterations. */
  readonly iterations: number;
  /** Model evaluations. */
  readonly evaluations: number;
  /** Whether the optimizer met its tolerances. */
  readonly converged: boolean;
}

/** What the analysis found. */
export interface AnalysisSummary {
  /** Data points analysed. */
  readonly points: number;
  /** Scattering angles. */
  readonly angles: number;
  /** Points that received an outlier. */
  readonly outliers: number;
  /** The least-squares fit. */
  readonly classical: FitSummary;
  /** The Huber-loss fit. */
  readonly robust: FitSummary;
  /** Geometry cache lookups that hit and missed. */
  readonly cache: { readonly hits: number; readonly misses: number };
}

/** An expected failure is a value. */
export type AnalysisResult = { ok: true; value: AnalysisSummary } | { ok: false; error: string };

const FITTED_PARAMETERS = PARAMETER_NAMES.length;

/**
 * Runs an instrumented heterodyne analysis end to end: synthetic data (seeded) with noise
 * and outliers, input validation as a measured security check, a classical chi^2 fit and a
 * robust Huber fit (both Nelder–Mead), with the model's geometry memoized in an instrumented
 * cache, and each fit's final chi^2 verified against the independent reference
 * implementation of the model. Telemetry goes to whatever OpenTelemetry SDK is registered
 * (see `startMonitoring`); with none, the analysis runs the same, unmonitored.
 */
export async function runHeterodyneAnalysis(
  options: AnalysisOptions = {},
): Promise<AnalysisResult> {
  const experiment = options.experiment ?? DEFAULT_EXPERIMENT;
  const truth = options.truth ?? DEFAULT_TRUTH;
  const start = options.start ?? DEFAULT_START;

  const analysis = startOperation('heterodyne_analysis');
  try {
    const result = await analysis.run(async () => {
      const data = monitorOperation(
        'generate_dataset',
        generateDataset,
      )({
        truth,
        experiment,
        seed: options.seed ?? 2024,
        noiseSigma: options.noiseSigma ?? 0.002,
        outlierFraction: options.outlierFraction ?? 0.02,
      });
      const validation = withSecurityCheck('input_validation', () => {
        const dataset = validateDataset(data);
        return dataset.ok
          ? validateParameters(start, DEFAULT_BOUNDS.lower, DEFAULT_BOUNDS.upper)
          : dataset;
      });
      if (!validation.ok) return validation;

      const attributes = {
        [ATTR_DATASET_POINTS]: data.g2.length,
        [ATTR_DATASET_ANGLES]: experiment.anglesDegrees.length,
      };
      analysis.setAttributes(attributes);
      const cache = createGeometryCache();
      const model: ModelFunction = (p) =>
        computeG2(p, data.experiment, cache.geometry(data.experiment));
      const chiSquared = monitoredChiSquared(data, model);

      const classical = runFit('classical_optimization', OPTIMIZATION_METHOD_VALUES.NELDER_MEAD, {
        objective: classicalObjective(data, model),
        start,
        attributes,
      });
      // Both fits run Nelder–Mead; what differs is the loss, which the operation name says.
      const robust = runFit('robust_optimization', OPTIMIZATION_METHOD_VALUES.NELDER_MEAD, {
        objective: robustObjective(data, model),
        start,
        attributes,
      });
      const summarize = (fit: FitResult): FitSummary => ({
        parameters: fit.parameters,
        reducedChiSquared: chiSquared(fit.parameters),
        worstError: worstError(fit.parameters, truth),
        iterations: fit.iterations,
        evaluations: fit.evaluations,
        converged: fit.converged,
      });
      const value: AnalysisSummary = {
        points: data.g2.length,
        angles: experiment.anglesDegrees.length,
        outliers: data.outliers.length,
        classical: summarize(classical),
        robust: summarize(robust),
        cache: { hits: cache.hits, misses: cache.misses },
      };
      return { ok: true as const, value };
    });
    analysis.end();
    return result;
  } catch (error) {
    analysis.fail(error);
    throw error;
  }
}

/** The geometry memo: one entry per experiment, looked up on every model evaluation. */
function createGeometryCache() {
  const map = instrumentCache(new Map<string, Geometry>(), { name: 'correlation_geometry' });
  const counts = { hits: 0, misses: 0 };
  return {
    geometry(e: Experiment): Geometry {
      const key = geometryKey(e);
      let g = map.get(key);
      if (g === undefined) {
        counts.misses++;
        g = createGeometry(e);
        map.set(key, g);
      } else {
        counts.hits++;
      }
      return g;
    },
    get hits() {
      return counts.hits;
    },
    get misses() {
      return counts.misses;
    },
  };
}

/**
 * Reduced chi^2 as a monitored operation, shadow-verified on every call against the same
 * quantity computed with the reference model (closed-form integral vs. Simpson quadrature:
 * they agree to ~1e-10 in g2, so 1e-6 relative in chi^2 is a real check, not a formality).
 */
function monitoredChiSquared(data: Dataset, model: ModelFunction) {
  const compute = (model: ModelFunction) => (p: HeterodyneParameters) =>
    reducedChiSquared(data.g2, model(p), data.sigma, FITTED_PARAMETERS);
  return monitorOperation('chi_squared_calculation', compute(model), {
    expectedAccuracy: 0.999,
    reference: compute((p) => referenceG2(p, data.experiment)),
    tolerance: { relative: 1e-6 },
    sampleRate: 1,
  });
}

/** One fit as an operation that records its iteration count. */
function runFit(
  name: string,
  method: string,
  fit: { objective: Objective; start: HeterodyneParameters; attributes: Record<string, number> },
): FitResult {
  const op = startOperation(name, { optimizationMethod: method, attributes: fit.attributes });
  try {
    const result = op.run(() => fitParameters(fit.objective, { start: fit.start }));
    op.recordIterations(result.iterations);
    op.end(result.parameters);
    return result;
  } catch (error) {
    op.fail(error);
    throw error;
  }
}

/** Largest relative error against the truth (alpha, which sits near 0: absolute error). */
export function worstError(p: HeterodyneParameters, truth: HeterodyneParameters): number {
  return Math.max(
    ...PARAMETER_NAMES.map((name) =>
      name === 'alpha' ? Math.abs(p.alpha - truth.alpha) : Math.abs(p[name] / truth[name] - 1),
    ),
  );
}
