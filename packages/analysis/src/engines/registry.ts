/**
 * How the service builds its engines from the configuration: a list of factories, each
 * turning the configuration into zero or more engines (none when its section is off).
 */
import { createApprovals } from '../approvals/approvals.js';
import { createBaselineApprovalGate } from '../approvals/baseline-approvals.js';
import {
  REMEDIATION_KIND,
  createRemediationApprovalGate,
  remediationApprovalHooks,
} from '../approvals/remediation-approvals.js';
import type { AnalysisConfig } from '../config/types.js';
import type { Clock } from '../series/types.js';
import type { MonitoringStore } from '../store/types.js';
import type { DerivedMetrics } from '../telemetry/derived-metrics.js';
import { createBaselinesEngine } from './baselines/baselines-engine.js';
import { createAnomalyEngine } from './anomaly/anomaly-engine.js';
import { createTrendEngine } from './trend/trend-engine.js';
import { sloForecastLimits } from './trend/forecast-limits.js';
import type { Engine, EngineLogger } from './engine.js';
import { OptimizationEngine } from './optimization/optimization-engine.js';
import { createSloEngines } from './slo/slo-factory.js';

/** What an engine factory may use. Engines keep only the narrow store interface they need. */
export interface EngineDependencies {
  /** The persistent store (engines take the domain interface they use, e.g. `SloHistoryStore`). */
  store: MonitoringStore;
  /** The time source (the replay clock during `replay`). */
  clock: Clock;
  /** Where engines write what they do. */
  logger: EngineLogger;
  /**
   * Where engines register the metrics they derive (exported like the service's own);
   * undefined where nothing exports them (`replay`).
   */
  metrics?: DerivedMetrics;
}

/** Builds the engines of one kind from the configuration; none when that kind is off. */
export type EngineFactory = (config: AnalysisConfig, deps: EngineDependencies) => Engine[];

/** The engine factories of the service, in evaluation order. */
export const ENGINE_FACTORIES: readonly EngineFactory[] = [
  createSloEngines,
  (config, deps) =>
    config.baselines.enabled
      ? [
          createBaselinesEngine({
            config: config.baselines,
            store: deps.store,
            batch: (collect) => deps.store.batch(collect),
            now: () => deps.clock.now(),
            logger: deps.logger,
            ...(config.approvals.requireApproval
              ? {
                  approvalGate: createBaselineApprovalGate(
                    createApprovals({
                      store: deps.store,
                      now: () => deps.clock.now(),
                      expireAfterMillis: config.approvals.expireAfterMillis,
                    }),
                    () => deps.clock.now(),
                  ),
                }
              : {}),
            ...(deps.metrics ? { metrics: deps.metrics } : {}),
          }),
        ]
      : [],
  optimizationEngineFactory,
  anomalyEngineFactory,
  trendEngineFactory,
];

/**
 * The optimization engine from `optimization`; with `approvals.require_approval` its
 * would-execute decisions become `remediation` proposals. None when optimization is off.
 */
export function optimizationEngineFactory(
  config: AnalysisConfig,
  deps: EngineDependencies,
): Engine[] {
  if (!config.optimization.enabled) return [];
  const now = (): number => deps.clock.now();
  // The hooks reach the engine built below (an approval arrives after it exists).
  const built: { engine?: OptimizationEngine } = {};
  const hooks = remediationApprovalHooks(() => built.engine);
  const gate = config.approvals.requireApproval
    ? createRemediationApprovalGate(
        createApprovals({
          store: deps.store,
          now,
          expireAfterMillis: config.approvals.expireAfterMillis,
          appliers: { [REMEDIATION_KIND]: hooks.applier },
          observers: { [REMEDIATION_KIND]: hooks.observer },
        }),
        now,
        config.optimization.rollbackCooldownMillis,
      )
    : undefined;
  const engine = new OptimizationEngine({
    config: config.optimization,
    store: deps.store,
    now,
    logger: deps.logger,
    ...(gate ? { approvalGate: gate } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  built.engine = engine;
  return [engine];
}

/**
 * The anomaly engine from `analytics` (`anomaly` and `ml_models.anomaly_detection`:
 * `contamination`, `n_estimators` as the isolation forests' trees); none when
 * `analytics.enabled` or `analytics.anomaly.enabled` is false.
 */
export function anomalyEngineFactory(config: AnalysisConfig, deps?: EngineDependencies): Engine[] {
  const { analytics } = config;
  if (!analytics.enabled || !analytics.anomaly.enabled) return [];
  const { contamination, nEstimators } = analytics.mlModels.anomalyDetection;
  const a = analytics.anomaly;
  return [
    createAnomalyEngine({
      detector: { contamination, trees: nEstimators, historyPoints: a.historyPoints },
      metrics: a.metrics,
      maxSeries: a.maxSeries,
      resolveAfterPoints: a.resolveAfterPoints,
      intervalMillis: a.evaluationIntervalMillis,
      maxPointsPerPass: a.maxPointsPerPass,
      passBudgetMillis: a.passBudgetMillis,
      anomaliesKept: a.anomaliesKept,
      ...(deps?.metrics ? { derivedMetrics: deps.metrics } : {}),
    }),
  ];
}

/**
 * The trend engine from `analytics.trend` (forests from `ml_models.performance_prediction`);
 * none when `analytics.enabled` or `analytics.trend.enabled` is false.
 */
export function trendEngineFactory(config: AnalysisConfig, deps: EngineDependencies): Engine[] {
  const { analytics } = config;
  if (!analytics.enabled || !analytics.trend.enabled) return [];
  return [
    createTrendEngine({
      config: analytics.trend,
      forest: {
        trees: analytics.mlModels.performancePrediction.nEstimators,
        maxDepth: analytics.mlModels.performancePrediction.maxDepth,
        maxTrainingRows: analytics.mlModels.performancePrediction.maxTrainingRows,
      },
      forestMinPoints: analytics.mlModels.performancePrediction.minPoints,
      forestAboveRelativeError: analytics.mlModels.performancePrediction.skipWhenHoltWintersBelow,
      limits: sloForecastLimits(config),
      baselines: deps.store,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    }),
  ];
}

/**
 * The engines the configuration asks for. Throws when two engines share a name (names
 * identify engines in findings, status and self-telemetry) or an interval is not a positive
 * number of milliseconds.
 */
export function createEngines(
  config: AnalysisConfig,
  deps: EngineDependencies,
  factories: readonly EngineFactory[] = ENGINE_FACTORIES,
): Engine[] {
  const engines = factories.flatMap((factory) => factory(config, deps));
  const seen = new Set<string>();
  for (const engine of engines) {
    if (seen.has(engine.name)) throw new Error(`engines: two engines are named "${engine.name}"`);
    seen.add(engine.name);
    if (!(Number.isFinite(engine.intervalMillis) && engine.intervalMillis > 0)) {
      throw new RangeError(
        `engine "${engine.name}": intervalMillis must be a positive number of milliseconds, got ${String(engine.intervalMillis)}`,
      );
    }
  }
  return engines;
}
