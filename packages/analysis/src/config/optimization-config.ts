/**
 * The `optimization` section: which opportunities the optimization engine looks for, and
 * when it may act on them. Declared here once, with its defaults and checks.
 *
 * ```yaml
 * optimization:
 *   enabled: true
 *   evaluation_interval: 1m
 *   window: 15m                    # the measurements each template judges
 *   auto_remediation_enabled: false
 *   dry_run: true                  # decide and log, never act (until set to false)
 *   auto_execution_threshold: 0.9  # least confidence of an automatic action
 *   accuracy_loss_threshold: 0.01  # accuracy drop that rolls a change back
 *   canary_window: 10m             # measured after a change before it is kept
 *   max_actions_per_hour: 4
 *   rollback_cooldown: 1h
 *   significance: 0.05             # of the before/after test
 *   thresholds: { cache_hit_rate: 0.85, min_cache_lookups: 200, compilation_overhead: 0.2 }
 *   optimization_priorities: { accuracy_preservation: 10, performance_critical: 9, memory_optimization: 7 }
 *   webhooks:
 *     cache_tune: { url: https://tuner.internal/cache, secret: "${TUNER_SECRET}" }
 *   optimization_templates:
 *     slow_fit:
 *       category: algorithm
 *       risk_level: medium
 *       description: Fits take longer than a second on average
 *       condition: { metric: heterodyne.operation.duration, statistic: mean, above: 1,
 *                    where: { heterodyne.operation.name: fit } }
 * ```
 */
import { readSecretField, readUrl } from '../alerting/notify/secret-field.js';
import type { Secret } from './secret.js';
import type { MapReader } from './yaml-reader.js';
import { readNumber, report } from './yaml-scalars.js';

/** Optimization categories. */
export const OPTIMIZATION_CATEGORIES = ['algorithm', 'memory', 'io', 'numerical'] as const;
/** Effort and risk levels of optimization templates. */
export const LEVELS = ['low', 'medium', 'high'] as const;
/** Statistics a custom template's condition can compare. */
export const CONDITION_STATISTICS = [
  'mean',
  'sum',
  'rate',
  'count',
  'max',
  'min',
  'ratio',
] as const;

/** One of {@link OPTIMIZATION_CATEGORIES}. */
export type OptimizationCategory = (typeof OPTIMIZATION_CATEGORIES)[number];
/** One of {@link LEVELS}. */
export type Level = (typeof LEVELS)[number];

/** The measured condition of a custom template. */
export interface TemplateCondition {
  /** Metric name (any received metric; semconv names for heterodyne signals). */
  metric: string;
  /**
   * Over the window: `mean` (of values, or of observations for histograms), `sum`, `rate`
   * (sum per second), `count` (observations or samples), `max`, `min` (of sample values),
   * `ratio` (the share of the `where` series' total, counter increments or observations,
   * that the series also matching `numerator` make up: a ratio SLI such as a hit rate).
   */
  statistic: (typeof CONDITION_STATISTICS)[number];
  /** Point or resource attributes the series must have (string comparison). */
  where: Record<string, string>;
  /** With `ratio`: the attributes of the numerator's series. */
  numerator?: Record<string, string>;
  /** Fires when the statistic is above this. */
  above?: number;
  /** Fires when the statistic is below this. */
  below?: number;
}

/** An optimization template (`optimization.optimization_templates.<id>`). */
export interface OptimizationTemplateConfig {
  category: OptimizationCategory;
  /** @default medium */
  implementationEffort: Level;
  /** @default medium */
  riskLevel: Level;
  /** Whether the engine may run its action without a person. @default false */
  autoExecutable: boolean;
  /** @default '' */
  description: string;
  /** The measured condition; absent on an override of a built-in template. */
  condition?: TemplateCondition;
  /** The remediation action (a registered callback or a `webhooks` entry). */
  action?: string;
  /** Key of `optimization_priorities` that weighs this template. @default performance_critical */
  priority?: string;
}

/** A remediation webhook (`optimization.webhooks.<action>`). */
export interface RemediationWebhookConfig {
  url: string;
  /** HMAC-SHA256 key (signed as alerting's webhooks); no signature without it. */
  secret: Secret | undefined;
  /** Deadline of one POST, milliseconds. @default 10000 */
  timeoutMillis: number;
}

/** Thresholds of the built-in templates. */
export interface OptimizationThresholds {
  /** Cache hit rate below which caching is an opportunity. @default 0.85 (the SLI target) */
  cacheHitRate: number;
  /** Fewest lookups in the window for a cache to be judged. @default 200 */
  minCacheLookups: number;
  /** Compile time as a share of operation time above which warm-up pays. @default 0.2 */
  compilationOverhead: number;
  /** Fewest compilations (cold starts) in the window. @default 5 */
  minColdStarts: number;
  /** Share of total operation time above which one operation dominates. @default 0.6 */
  dominantShare: number;
  /** Relative latency change after a version change that counts as a regression. @default 0.2 */
  versionRegression: number;
  /** Relative rise of memory over the window that counts as growth. @default 0.1 */
  memoryGrowth: number;
}

/** `optimization`. */
export interface OptimizationConfig {
  /** Whether the optimization engine runs. @default true */
  enabled: boolean;
  /** Evaluation interval, milliseconds. @default 60000 */
  evaluationIntervalMillis: number;
  /** Window of measurements the templates judge, milliseconds. @default 900000 */
  windowMillis: number;
  /** Off unless turned on: remediation changes running systems. @default false */
  autoRemediationEnabled: boolean;
  /** Decide and record, never act. @default true */
  dryRun: boolean;
  /** Least confidence of an automatic action. @default 0.9 */
  autoExecutionThreshold: number;
  /** Accuracy drop (absolute, a ratio) that rolls a change back. @default 0.01 */
  accuracyLossThreshold: number;
  /** Measured after a change before it is judged, milliseconds. @default 600000 */
  canaryWindowMillis: number;
  /** Actions started in any hour at most. @default 4 */
  maxActionsPerHour: number;
  /** After a rollback, no new action on the same opportunity for this long, ms. @default 3600000 */
  rollbackCooldownMillis: number;
  /** Significance level of the before/after test. @default 0.05 */
  significance: number;
  /** Opportunities kept at most (lowest priority dropped). @default 100 */
  maxOpportunities: number;
  thresholds: OptimizationThresholds;
  /** Priority per key (higher first). */
  optimizationPriorities: Record<string, number>;
  optimizationTemplates: Record<string, OptimizationTemplateConfig>;
  /** Remediation webhooks by action name. */
  webhooks: Record<string, RemediationWebhookConfig>;
}

/** Default of `optimization_priorities`. */
export const DEFAULT_OPTIMIZATION_PRIORITIES: Readonly<Record<string, number>> = {
  accuracy_preservation: 10,
  performance_critical: 9,
  memory_optimization: 7,
};

function readCondition(t: MapReader): TemplateCondition | undefined {
  if (!t.has('condition')) return undefined;
  const c = t.map('condition');
  if (!c.has('metric')) report(c.ctx, c.pathOf('metric'), 'is required', c.mapNode);
  const where = c.map('where');
  const pairs: Record<string, string> = {};
  for (const { key } of where.entries()) pairs[key] = where.string(key, '');
  where.finish();
  const numerator = c.map('numerator');
  const numeratorPairs: Record<string, string> = {};
  for (const { key } of numerator.entries()) numeratorPairs[key] = numerator.string(key, '');
  numerator.finish();
  const above = c.number('above', undefined);
  const below = c.number('below', undefined);
  if (above === undefined && below === undefined) {
    report(
      c.ctx,
      c.path,
      'needs `above` or `below` (the threshold the statistic is compared with)',
      c.mapNode,
    );
  }
  const statistic = c.oneOf('statistic', CONDITION_STATISTICS, 'mean');
  const hasNumerator = Object.keys(numeratorPairs).length > 0;
  if (statistic === 'ratio' && !hasNumerator) {
    report(
      c.ctx,
      c.pathOf('numerator'),
      'is required with statistic ratio (the attributes of the numerator series)',
      c.mapNode,
    );
  }
  if (statistic !== 'ratio' && hasNumerator) {
    report(c.ctx, c.pathOf('numerator'), 'applies to statistic ratio only', c.node('numerator'));
  }
  const out: TemplateCondition = {
    metric: c.string('metric', ''),
    statistic,
    where: pairs,
    ...(hasNumerator ? { numerator: numeratorPairs } : {}),
    ...(above === undefined ? {} : { above }),
    ...(below === undefined ? {} : { below }),
  };
  c.finish();
  return out;
}

function readTemplates(
  optimization: MapReader,
  builtinIds: readonly string[],
  priorities: Record<string, number>,
): Record<string, OptimizationTemplateConfig> {
  const templates = optimization.map('optimization_templates');
  const out: Record<string, OptimizationTemplateConfig> = {};
  for (const { key } of templates.entries()) {
    const t = templates.map(key);
    const builtin = builtinIds.includes(key);
    if (!builtin && !t.has('category'))
      report(t.ctx, t.pathOf('category'), 'is required', t.mapNode);
    const condition = readCondition(t);
    if (!builtin && condition === undefined) {
      report(
        t.ctx,
        t.pathOf('condition'),
        `is required: a custom template needs a measured condition (built-in templates: ${builtinIds.join(', ')})`,
        t.mapNode,
      );
    }
    const priority = t.string('priority');
    if (priority !== undefined && !(priority in priorities)) {
      report(
        t.ctx,
        t.pathOf('priority'),
        `must name a key of optimization.optimization_priorities (${Object.keys(priorities).join(', ')})`,
        t.node('priority'),
      );
    }
    const action = t.string('action');
    out[key] = {
      category: t.oneOf('category', OPTIMIZATION_CATEGORIES, 'algorithm'),
      implementationEffort: t.oneOf('implementation_effort', LEVELS, 'medium'),
      riskLevel: t.oneOf('risk_level', LEVELS, 'medium'),
      autoExecutable: t.boolean('auto_executable', false),
      description: t.string('description', ''),
      ...(condition ? { condition } : {}),
      ...(action ? { action } : {}),
      ...(priority ? { priority } : {}),
    };
    t.finish();
  }
  templates.finish();
  return out;
}

function readWebhooks(optimization: MapReader): Record<string, RemediationWebhookConfig> {
  const hooks = optimization.map('webhooks');
  const out: Record<string, RemediationWebhookConfig> = {};
  for (const { key } of hooks.entries()) {
    const h = hooks.map(key);
    out[key] = {
      url: readUrl(h, 'url', true) ?? '',
      secret: readSecretField(h, 'secret', { required: false, example: 'REMEDIATION_SECRET' }),
      timeoutMillis: h.duration('timeout', 10_000, { min: 1 }),
    };
    h.finish();
  }
  hooks.finish();
  return out;
}

/**
 * Ids of the built-in templates (`engines/optimization/builtin-templates.ts`); the file may
 * override their risk, auto-execution, action and description without a condition.
 */
export const BUILTIN_TEMPLATE_IDS = [
  'cache_tuning',
  'jit_warmup',
  'memory_pooling',
  'numerical_stability',
  'version_regression',
  'vectorization',
] as const;

/** Reads `optimization`. */
export function readOptimization(root: MapReader): OptimizationConfig {
  const builtinIds: readonly string[] = BUILTIN_TEMPLATE_IDS;
  const o = root.map('optimization');
  for (const key of ['optimization_dir', 'baselines_dir', 'analytics_dir']) {
    o.refuse(key, 'is not used: all state lives in the database named by `store`');
  }
  const priorities = o.map('optimization_priorities');
  const optimizationPriorities: Record<string, number> = o.has('optimization_priorities')
    ? {}
    : { ...DEFAULT_OPTIMIZATION_PRIORITIES };
  for (const { key, node, path } of priorities.entries()) {
    const value = readNumber(root.ctx, node, path, { min: 0 });
    if (value !== undefined) optimizationPriorities[key] = value;
  }
  priorities.finish();
  const th = o.map('thresholds');
  const thresholds: OptimizationThresholds = {
    cacheHitRate: th.number('cache_hit_rate', 0.85, { above: 0, max: 1 }),
    minCacheLookups: th.number('min_cache_lookups', 200, { min: 1, integer: true }),
    compilationOverhead: th.number('compilation_overhead', 0.2, { above: 0 }),
    minColdStarts: th.number('min_cold_starts', 5, { min: 1, integer: true }),
    dominantShare: th.number('dominant_share', 0.6, { above: 0, max: 1 }),
    versionRegression: th.number('version_regression', 0.2, { above: 0 }),
    memoryGrowth: th.number('memory_growth', 0.1, { above: 0 }),
  };
  th.finish();
  const out: OptimizationConfig = {
    enabled: o.boolean('enabled', true),
    evaluationIntervalMillis: o.duration('evaluation_interval', 60_000, { min: 1000 }),
    windowMillis: o.duration('window', 900_000, { min: 10_000 }),
    autoRemediationEnabled: o.boolean('auto_remediation_enabled', false),
    dryRun: o.boolean('dry_run', true),
    autoExecutionThreshold: o.number('auto_execution_threshold', 0.9, { min: 0, max: 1 }),
    accuracyLossThreshold: o.number('accuracy_loss_threshold', 0.01, { min: 0, max: 1 }),
    canaryWindowMillis: o.duration('canary_window', 600_000, { min: 1000 }),
    maxActionsPerHour: o.number('max_actions_per_hour', 4, { min: 0, max: 3600, integer: true }),
    rollbackCooldownMillis: o.duration('rollback_cooldown', 3_600_000, { min: 0 }),
    significance: o.number('significance', 0.05, { above: 0, max: 0.5 }),
    maxOpportunities: o.number('max_opportunities', 100, { min: 1, max: 100_000, integer: true }),
    thresholds,
    optimizationPriorities,
    optimizationTemplates: readTemplates(o, builtinIds, optimizationPriorities),
    webhooks: readWebhooks(o),
  };
  o.finish();
  return out;
}
