/**
 * The public shapes of the workload (`workload.ts`): its options, its fault knobs and what a
 * run reports.
 */
import type { EvaluationCache } from './evaluation-cache.js';
import type { Experiment } from './experiment.js';
import type { NelderMeadOptions } from './nelder-mead.js';
import type { HeterodyneParameters } from './parameters.js';

/** What the demo's faults change; the defaults are the healthy workload. */
export interface WorkloadFaults {
  /** Extra latency of every dataset read, ms (a slow file system). @default 0 */
  dataDelayMillis: number;
  /** Entries of the model's phase table (fewer: a cheaper, less accurate kernel). @default 4096 */
  phaseTableSize: number;
  /** Evaluation cache capacity, entries. @default 65536 */
  cacheCapacity: number;
  /** Bytes retained after every run and never released (a leak). @default 0 */
  leakBytesPerRun: number;
}

/** The healthy settings. */
export const HEALTHY: WorkloadFaults = {
  dataDelayMillis: 0,
  phaseTableSize: 4096,
  cacheCapacity: 65_536,
  leakBytesPerRun: 0,
};

/** Options of {@link createWorkload}. */
export interface WorkloadOptions {
  /** The experiment. @default DEFAULT_EXPERIMENT */
  readonly experiment?: Experiment;
  /** Parameters the data comes from. @default DEFAULT_TRUTH */
  readonly truth?: HeterodyneParameters;
  /** Starting guess of both fits. @default DEFAULT_START */
  readonly start?: HeterodyneParameters;
  /** Noise standard deviation. @default 0.002 */
  readonly noiseSigma?: number;
  /** Fraction of points with an outlier. @default 0.02 */
  readonly outlierFraction?: number;
  /** IRLS passes of the robust fit. @default 3 */
  readonly robustPasses?: number;
  /** Nelder–Mead settings of both fits (tolerances, limits). @default those of `fitParameters` */
  readonly nelderMead?: NelderMeadOptions;
  /** Simplex restarts of each fit. @default 4 */
  readonly restarts?: number;
}

/** How one fit went. */
export interface FitSummary {
  /** Fitted parameters. */
  readonly parameters: HeterodyneParameters;
  /** Reduced chi² of the fit against all data (outliers included). */
  readonly reducedChiSquared: number;
  /** Nelder–Mead iterations. */
  readonly iterations: number;
  /** Objective evaluations (cached or computed). */
  readonly evaluations: number;
  /** Whether the optimizer met its tolerances. */
  readonly converged: boolean;
}

/** What one run found. */
export interface RunSummary {
  /** Dataset seed. */
  readonly seed: number;
  /** Data points. */
  readonly points: number;
  /** Outliers injected. */
  readonly outliers: number;
  /** The chi² fit. */
  readonly classical: FitSummary;
  /** The Huber IRLS fit, with the points it downweighted. */
  readonly robust: FitSummary & { readonly downweighted: number };
  /** Share of model points the optimized kernel got within tolerance of the reference. */
  readonly modelAccuracy: number;
  /** Evaluation cache hits and misses so far. */
  readonly cache: { readonly hits: number; readonly misses: number; readonly size: number };
}

/** An expected failure is a value. */
export type RunResult = { ok: true; value: RunSummary } | { ok: false; error: string };

/** The workload. */
export interface Workload {
  /** Runs one instrumented analysis of the dataset of `seed`. */
  run(seed: number): Promise<RunResult>;
  /** The current fault settings (mutable: the demo changes them between runs). */
  readonly faults: WorkloadFaults;
  /** The evaluation cache. */
  readonly cache: EvaluationCache;
  /** Drops what the leak fault retained. */
  releaseLeak(): void;
  /** Bytes the leak fault retains now. */
  readonly leakedBytes: number;
}
