/**
 * The instrumented heterodyne analysis as a reusable workload: each `run()` loads (here:
 * simulates) a dataset, validates it, warms up the model of its experiment once, runs the
 * classical and the robust fit through a bounded evaluation cache, and verifies the optimized
 * model and the chi² of the result against the float64 reference path.
 *
 * The knobs in {@link WorkloadFaults} are what the demo's scripted faults turn.
 */
import {
  instrumentObject,
  monitorOperation,
  recordCompilation,
  startOperation,
  withSecurityCheck,
} from '@heterodyne/sdk';
import {
  ATTR_DATASET_ANGLES,
  ATTR_DATASET_POINTS,
  OPTIMIZATION_METHOD_VALUES,
} from '@heterodyne/semconv';
import { createCorrelationKernel } from './correlation-kernel.js';
import type { CorrelationKernel } from './correlation-kernel.js';
import { createEvaluationCache } from './evaluation-cache.js';
import { DEFAULT_FREE, fitParameters } from './fit.js';
import type { FitResult } from './fit.js';
import { createObjective } from './objective.js';
import { DEFAULT_BOUNDS } from './parameters.js';
import type { HeterodyneParameters } from './parameters.js';
import { DEFAULT_EXPERIMENT, DEFAULT_START, DEFAULT_TRUTH } from './presets.js';
import { referenceBracket } from './reference-model.js';
import { robustFit } from './robust-fit.js';
import { scaledModel, solveScaling } from './scaling.js';
import { generateDataset } from './synthetic.js';
import type { SyntheticDataset } from './synthetic.js';
import { validateDataset, validateParameters } from './validation.js';
import { HEALTHY } from './workload-types.js';
import type {
  FitSummary,
  RunResult,
  Workload,
  WorkloadFaults,
  WorkloadOptions,
} from './workload-types.js';

export { HEALTHY } from './workload-types.js';
export type {
  FitSummary,
  RunResult,
  RunSummary,
  Workload,
  WorkloadFaults,
  WorkloadOptions,
} from './workload-types.js';

/** Relative tolerance of the shadow verification of the optimized model. */
export const MODEL_TOLERANCE = 1e-5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Fits are synchronous; between them the event loop runs (exports, timers, a server in the
// same process).
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

/** Creates the workload. */
export function createWorkload(options: WorkloadOptions = {}): Workload {
  const experiment = options.experiment ?? DEFAULT_EXPERIMENT;
  const truth = options.truth ?? DEFAULT_TRUTH;
  const start = options.start ?? DEFAULT_START;
  const faults: WorkloadFaults = { ...HEALTHY };
  const cache = createEvaluationCache(faults.cacheCapacity);
  const kernels = new Map<number, CorrelationKernel>();
  // JS arrays of doubles live on the V8 heap (typed arrays would not: their zero pages may
  // never even become resident), so the leak shows in heap used, utilization and RSS.
  const leak: number[][] = [];
  const free = DEFAULT_FREE.length;
  const fitSettings = {
    ...(options.nelderMead ? { nelderMead: options.nelderMead } : {}),
    ...(options.restarts === undefined ? {} : { restarts: options.restarts }),
  };
  const dof = (points: number) => points - free - 2 * experiment.anglesDegrees.length;

  // The pipeline's stages, instrumented by auto-instrumentation: each method becomes an
  // operation of its own name. Cold-start detection is off throughout: the one compilation
  // step (the kernel's warm-up) is timed and recorded explicitly, and a slower first call
  // of anything else would be counted as compile time.
  const stages = instrumentObject(
    {
      async load_dataset(seed: number): Promise<SyntheticDataset> {
        if (faults.dataDelayMillis > 0) await sleep(faults.dataDelayMillis);
        return generateDataset({
          truth,
          experiment,
          seed,
          noiseSigma: options.noiseSigma ?? 0.002,
          outlierFraction: options.outlierFraction ?? 0.02,
        });
      },
    },
    { methods: ['load_dataset'], operation: { coldStart: false } },
  ).target;

  const kernelFor = (size: number): CorrelationKernel => {
    let kernel = kernels.get(size);
    if (kernel === undefined) {
      kernel = createCorrelationKernel(experiment, { phaseTableSize: size });
      recordCompilation('correlation_kernel', kernel.warmUpSeconds);
      kernels.set(size, kernel);
    }
    return kernel;
  };

  const run = async (seed: number): Promise<RunResult> => {
    if (cache.capacity !== faults.cacheCapacity) cache.resize(faults.cacheCapacity);
    const root = startOperation('heterodyne_analysis', { coldStart: false });
    try {
      const result = await root.run(async (): Promise<RunResult> => {
        const data = await stages.load_dataset(seed);
        const valid = withSecurityCheck('input_validation', () => {
          const checked = validateDataset(data);
          return checked.ok ? validateParameters(start, DEFAULT_BOUNDS) : checked;
        });
        if (!valid.ok) return valid;
        const attributes = {
          [ATTR_DATASET_POINTS]: data.c2.length,
          [ATTR_DATASET_ANGLES]: experiment.anglesDegrees.length,
        };
        root.setAttributes(attributes);
        const kernel = kernelFor(faults.phaseTableSize);
        const context = `${seed}|${kernel.phaseTableSize}`;

        const classical = timedFit('classical_optimization', attributes, () =>
          fitParameters(
            createObjective({ dataset: data, kernel, cache, cacheContext: `${context}|chi2` }),
            { start, ...fitSettings },
          ),
        );
        await yieldToEventLoop();
        const robust = timedFit('robust_optimization', attributes, () =>
          robustFit({
            dataset: data,
            kernel,
            start,
            passes: options.robustPasses ?? 3,
            cache: { cache, context: `${context}|huber` },
            ...fitSettings,
          }),
        );
        await yieldToEventLoop();

        const angles = experiment.anglesDegrees.length;
        const scaling = solveScaling(
          kernel.evaluate(robust.parameters),
          data.c2,
          data.sigma,
          angles,
        );
        // The optimized model at the robust optimum, shadow-verified point by point against
        // the float64 reference path (the SDK compares the two and records the accuracy). The
        // reference's result is kept for the run summary's own count.
        let reference: Float64Array | undefined;
        const model = monitorOperation(
          'correlation_model',
          (p: HeterodyneParameters) =>
            scaledModel(kernel.evaluate(p), scaling.contrasts, scaling.offsets),
          {
            expectedAccuracy: 0.999,
            reference: (p: HeterodyneParameters) =>
              (reference = scaledModel(
                referenceBracket(p, experiment),
                scaling.contrasts,
                scaling.offsets,
              )),
            tolerance: { relative: MODEL_TOLERANCE },
            sampleRate: 1,
            coldStart: false,
          },
        );
        const fitted = model(robust.parameters);
        // sampleRate 1: the SDK has called the reference (synchronously, it returns no promise).
        const shadow =
          reference ??
          scaledModel(
            referenceBracket(robust.parameters, experiment),
            scaling.contrasts,
            scaling.offsets,
          );
        let within = 0;
        for (let k = 0; k < fitted.length; k++) {
          const r = shadow[k] as number;
          if (Math.abs((fitted[k] as number) - r) <= MODEL_TOLERANCE * Math.abs(r)) within++;
        }
        const chi2 = (p: HeterodyneParameters) => {
          const s = solveScaling(kernel.evaluate(p), data.c2, data.sigma, angles);
          return s.chiSquared / dof(data.c2.length);
        };
        const summarize = (fit: FitResult): FitSummary => ({
          parameters: fit.parameters,
          reducedChiSquared: chi2(fit.parameters),
          iterations: fit.iterations,
          evaluations: fit.evaluations,
          converged: fit.converged,
        });
        if (faults.leakBytesPerRun > 0) {
          leak.push(new Array<number>(Math.floor(faults.leakBytesPerRun / 8)).fill(seed + 0.5));
        }
        return {
          ok: true,
          value: {
            seed,
            points: data.c2.length,
            outliers: data.outliers.length,
            classical: summarize(classical),
            robust: { ...summarize(robust), downweighted: robust.downweighted },
            modelAccuracy: within / fitted.length,
            cache: { hits: cache.hits, misses: cache.misses, size: cache.size },
          },
        };
      });
      root.end();
      return result;
    } catch (error) {
      root.fail(error);
      throw error;
    }
  };

  return {
    run,
    faults,
    cache,
    releaseLeak: () => void leak.splice(0),
    get leakedBytes() {
      return leak.reduce((n, a) => n + 8 * a.length, 0);
    },
  };
}

function timedFit<T extends FitResult>(
  name: string,
  attributes: Record<string, number>,
  fit: () => T,
): T {
  const op = startOperation(name, {
    optimizationMethod: OPTIMIZATION_METHOD_VALUES.NELDER_MEAD,
    attributes,
    coldStart: false,
  });
  try {
    const result = op.run(fit);
    op.recordIterations(result.iterations);
    op.end();
    return result;
  } catch (error) {
    op.fail(error);
    throw error;
  }
}
