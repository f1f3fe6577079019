import { describe, expect, it } from 'vitest';
import { DEFAULT_BASELINE_METRICS } from '../../src/config/baselines-config.js';
import { inactiveSectionWarnings } from '../../src/config/inactive-sections.js';
import { createEngines } from '../../src/engines/registry.js';
import { errors, parse } from './helpers.js';

const deps = {
  store: {} as never,
  clock: { now: () => 0 },
  logger: { info: () => {}, warn: () => {}, error: () => {} },
};

describe('analytics section', () => {
  it('has defaults that run the anomaly and trend engines', () => {
    const c = parse('');
    expect(c.analytics).toEqual({
      enabled: true,
      mlModels: {
        anomalyDetection: { contamination: 0.01, nEstimators: 50 },
        performancePrediction: {
          nEstimators: 20,
          maxDepth: 6,
          maxTrainingRows: 80,
          minPoints: 100,
          skipWhenHoltWintersBelow: 0.7,
        },
      },
      anomaly: {
        enabled: true,
        metrics: [],
        evaluationIntervalMillis: 15_000,
        maxSeries: 1000,
        historyPoints: 1024,
        resolveAfterPoints: 10,
        maxPointsPerPass: 200_000,
        passBudgetMillis: 1000,
        anomaliesKept: 1000,
      },
      trend: {
        enabled: true,
        metrics: [...DEFAULT_BASELINE_METRICS],
        collectIntervalMillis: 15_000,
        evaluationIntervalMillis: 300_000,
        pointsPerSeries: 2000,
        horizonMillis: 3_600_000,
        significance: 0.05,
        coverage: 0.95,
        maxSeries: 1000,
        maxSeriesPerPass: 200,
        passBudgetMillis: 2000,
        limits: {},
      },
    });
    const names = createEngines(c, deps).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['anomaly', 'trend']));
  });

  it('reads every key, and is no longer reported as a section nothing acts on', () => {
    const c = parse(
      [
        'analytics:',
        '  anomaly:',
        '    metrics: [a.b]',
        '    evaluation_interval: 30s',
        '    max_series: 5',
        '    history_points: 256',
        '    resolve_after_points: 3',
        '    max_points_per_pass: 1000',
        '    pass_budget: 250ms',
        '    anomalies_kept: 20',
        '  trend:',
        '    metrics: [c.d]',
        '    collect_interval: 10s',
        '    evaluation_interval: 10m',
        '    points_per_series: 500',
        '    horizon: 30m',
        '    significance: 0.01',
        '    coverage: 0.9',
        '    max_series: 7',
        '    max_series_per_pass: 3',
        '    pass_budget: 5s',
        '    limits: { c.d: { upper: 10, lower: 1 } }',
        '  ml_models:',
        '    performance_prediction:',
        '      n_estimators: 10',
        '      max_depth: 4',
        '      max_training_rows: 60',
        '      min_points: 200',
        '      skip_when_holt_winters_below: 0',
        '',
      ].join('\n'),
    );
    expect(c.analytics.mlModels.performancePrediction).toEqual({
      nEstimators: 10,
      maxDepth: 4,
      maxTrainingRows: 60,
      minPoints: 200,
      skipWhenHoltWintersBelow: 0,
    });
    expect(c.analytics.anomaly).toEqual({
      enabled: true,
      metrics: ['a.b'],
      evaluationIntervalMillis: 30_000,
      maxSeries: 5,
      historyPoints: 256,
      resolveAfterPoints: 3,
      maxPointsPerPass: 1000,
      passBudgetMillis: 250,
      anomaliesKept: 20,
    });
    expect(c.analytics.trend).toMatchObject({
      metrics: ['c.d'],
      collectIntervalMillis: 10_000,
      evaluationIntervalMillis: 600_000,
      pointsPerSeries: 500,
      horizonMillis: 1_800_000,
      significance: 0.01,
      coverage: 0.9,
      maxSeries: 7,
      maxSeriesPerPass: 3,
      passBudgetMillis: 5000,
      limits: { 'c.d': { upper: 10, lower: 1 } },
    });
    expect(inactiveSectionWarnings(c)).toEqual([]);
  });

  it('turns each engine off, or both with enabled: false', () => {
    const names = (text: string) => createEngines(parse(text), deps).map((e) => e.name);
    expect(names('analytics: { enabled: false }\n')).not.toEqual(
      expect.arrayContaining(['anomaly']),
    );
    expect(names('analytics: { enabled: false }\n')).not.toContain('trend');
    expect(names('analytics: { anomaly: { enabled: false } }\n')).toContain('trend');
    expect(names('analytics: { anomaly: { enabled: false } }\n')).not.toContain('anomaly');
    expect(names('analytics: { trend: { enabled: false } }\n')).toContain('anomaly');
    expect(names('analytics: { trend: { enabled: false } }\n')).not.toContain('trend');
  });

  it('names the file, line, column and key of every bad value', () => {
    expect(
      errors(
        [
          'analytics:',
          '  anomaly:',
          '    max_series: 0',
          '    pass_budget: soon',
          '    sensitivity: 3',
          '  trend:',
          '    coverage: 1',
          '    limits: { c.d: { upper: 1, lower: 2 } }',
          '  ml_models:',
          '    anomaly_detection: { contamination: 0.9 }',
          '    performance_prediction: { max_training_rows: 10 }',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      'config.yaml:3:17: analytics.anomaly.max_series: must be >= 1 (got 0)',
      'config.yaml:4:18: analytics.anomaly.pass_budget: must be a duration like 30s, 5m or 24h (got "soon")',
      'config.yaml:5:5: analytics.anomaly.sensitivity: unknown key (known keys: anomalies_kept, enabled, evaluation_interval, history_points, max_points_per_pass, max_series, metrics, pass_budget, resolve_after_points)',
      'config.yaml:7:15: analytics.trend.coverage: must be <= 0.999 (got 1)',
      'config.yaml:8:39: analytics.trend.limits["c.d"].lower: must be below upper (1)',
      'config.yaml:10:41: analytics.ml_models.anomaly_detection.contamination: must be <= 0.5 (got 0.9)',
      'config.yaml:11:50: analytics.ml_models.performance_prediction.max_training_rows: must be >= 30 (got 10)',
    ]);
  });
});
