import { describe, expect, it } from 'vitest';
import { inactiveSectionWarnings } from '../../src/config/inactive-sections.js';
import { errors, parse } from './helpers.js';

describe('optimization section', () => {
  it('defaults: on, dry run, remediation off, the seed thresholds and priorities', () => {
    const c = parse('').optimization;
    expect(c).toMatchObject({
      enabled: true,
      evaluationIntervalMillis: 60_000,
      windowMillis: 900_000,
      autoRemediationEnabled: false,
      dryRun: true,
      autoExecutionThreshold: 0.9,
      accuracyLossThreshold: 0.01,
      canaryWindowMillis: 600_000,
      maxActionsPerHour: 4,
      rollbackCooldownMillis: 3_600_000,
      significance: 0.05,
      optimizationPriorities: {
        accuracy_preservation: 10,
        performance_critical: 9,
        memory_optimization: 7,
      },
      thresholds: { cacheHitRate: 0.85, compilationOverhead: 0.2, minColdStarts: 5 },
    });
  });

  it('is acted on: writing it raises no inactive-section warning', () => {
    const config = parse('optimization:\n  dry_run: false\n');
    expect(inactiveSectionWarnings(config).filter((w) => w.startsWith('optimization'))).toEqual([]);
    expect(config.optimization.dryRun).toBe(false);
  });

  it('reads custom templates with a measured condition, and overrides of built-in ones', () => {
    const c = parse(
      [
        'optimization:',
        '  optimization_templates:',
        '    slow_fit:',
        '      category: io',
        '      risk_level: low',
        '      auto_executable: true',
        '      action: prefetch',
        '      priority: memory_optimization',
        '      description: Fits wait on data',
        '      condition: { metric: heterodyne.operation.duration, statistic: mean, above: 1, where: { heterodyne.operation.name: fit } }',
        '    cache_tuning:',
        '      risk_level: medium',
        '  webhooks:',
        '    prefetch: { url: "http://127.0.0.1:9/prefetch", secret: "${HOOK_SECRET}", timeout: 2s }',
      ].join('\n'),
      { HOOK_SECRET: 's3cret' },
    ).optimization;
    expect(c.optimizationTemplates.slow_fit).toEqual({
      category: 'io',
      implementationEffort: 'medium',
      riskLevel: 'low',
      autoExecutable: true,
      description: 'Fits wait on data',
      action: 'prefetch',
      priority: 'memory_optimization',
      condition: {
        metric: 'heterodyne.operation.duration',
        statistic: 'mean',
        above: 1,
        where: { 'heterodyne.operation.name': 'fit' },
      },
    });
    expect(c.optimizationTemplates.cache_tuning).toMatchObject({ riskLevel: 'medium' });
    expect(c.webhooks.prefetch).toMatchObject({
      url: 'http://127.0.0.1:9/prefetch',
      timeoutMillis: 2000,
    });
    expect(c.webhooks.prefetch!.secret!.reveal()).toBe('s3cret');
  });

  it('takes a ratio condition (a ratio SLI) only with its numerator', () => {
    const c = parse(
      'optimization:\n  optimization_templates:\n    hits:\n      category: algorithm\n      condition: { metric: heterodyne.cache.requests, statistic: ratio, numerator: { heterodyne.cache.result: hit }, below: 0.8 }\n',
    ).optimization;
    expect(c.optimizationTemplates.hits!.condition).toEqual({
      metric: 'heterodyne.cache.requests',
      statistic: 'ratio',
      where: {},
      numerator: { 'heterodyne.cache.result': 'hit' },
      below: 0.8,
    });
    expect(
      errors(
        'optimization:\n  optimization_templates:\n    hits:\n      category: algorithm\n      condition: { metric: m, statistic: ratio, below: 0.8 }\n',
      ),
    ).toEqual([
      'config.yaml:5:18: optimization.optimization_templates.hits.condition.numerator: is required with statistic ratio (the attributes of the numerator series)',
    ]);
  });

  it('names file, line, column and key of every mistake', () => {
    expect(
      errors(
        [
          'optimization:',
          '  canary_window: 10',
          '  max_actions_per_hour: -1',
          '  optimization_templates:',
          '    no_condition:',
          '      category: memory',
          '    bad_condition:',
          '      category: numerical',
          '      priority: urgent',
          '      condition: { metric: heterodyne.numerical.non_finite, statistic: median }',
          '  webhooks:',
          '    tune: { url: "ftp://x", secret: literal }',
        ].join('\n'),
      ),
    ).toEqual([
      'config.yaml:2:18: optimization.canary_window: must be a duration like 30s, 5m or 24h (got number 10)',
      'config.yaml:3:25: optimization.max_actions_per_hour: must be >= 0 (got -1)',
      'config.yaml:6:7: optimization.optimization_templates.no_condition.condition: is required: a custom template needs a measured condition (built-in templates: cache_tuning, jit_warmup, memory_pooling, numerical_stability, version_regression, vectorization)',
      'config.yaml:9:17: optimization.optimization_templates.bad_condition.priority: must name a key of optimization.optimization_priorities (accuracy_preservation, performance_critical, memory_optimization)',
      'config.yaml:10:18: optimization.optimization_templates.bad_condition.condition: needs `above` or `below` (the threshold the statistic is compared with)',
      'config.yaml:10:72: optimization.optimization_templates.bad_condition.condition.statistic: must be one of "mean", "sum", "rate", "count", "max", "min", "ratio" (got "median")',
      'config.yaml:12:18: optimization.webhooks.tune.url: must be an http:// or https:// URL (got "ftp://x")',
      'config.yaml:12:37: optimization.webhooks.tune.secret: must come from the environment, like "${REMEDIATION_SECRET}"; secrets are never written in config files',
    ]);
  });
});
