import { describe, expect, it } from 'vitest';
import { DEFAULT_BASELINE_METRICS } from '../../src/config/baselines-config.js';
import { errors, parse } from './helpers.js';

describe('baselines section', () => {
  it('has defaults that run the engine on the performance metrics', () => {
    expect(parse('').baselines).toEqual({
      enabled: true,
      metrics: [...DEFAULT_BASELINE_METRICS],
      evaluationIntervalMillis: 60_000,
      updateIntervalMillis: 3_600_000,
      autoUpdateEnabled: true,
      minSamples: 50,
      maxSeries: 1000,
      pointsPerSeries: 2000,
      alpha: 0.01,
      driftDetectionSensitivity: 2,
      effectSizeThresholds: {},
      baselineMethods: {},
    });
  });

  it('reads every key', () => {
    const c = parse(
      [
        'baselines:',
        '  enabled: false',
        '  metrics: [a.b]',
        '  evaluation_interval: 30s',
        '  update_interval: 2h',
        '  min_samples: 20',
        '  max_series: 5',
        '  points_per_series: 500',
        '  alpha: 0.05',
        '  effect_size_thresholds: { response_time: 0.1, accuracy: 0.02 }',
        '',
      ].join('\n'),
    );
    expect(c.baselines).toMatchObject({
      enabled: false,
      metrics: ['a.b'],
      evaluationIntervalMillis: 30_000,
      updateIntervalMillis: 7_200_000,
      minSamples: 20,
      maxSeries: 5,
      pointsPerSeries: 500,
      alpha: 0.05,
      effectSizeThresholds: { response_time: 0.1, accuracy: 0.02 },
    });
  });

  it('names bad values with file, line, column and key', () => {
    expect(
      errors(
        [
          'baselines:',
          '  min_samples: 2',
          '  alpha: 0',
          '  effect_size_thresholds: { latency: 0.1, memory: -1 }',
          '  baselines_dir: ./b',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      'config.yaml:2:16: baselines.min_samples: must be >= 3 (got 2)',
      'config.yaml:3:10: baselines.alpha: must be > 0 (got 0)',
      'config.yaml:4:29: baselines.effect_size_thresholds.latency: unknown key (known keys: accuracy, error_rate, memory, other, response_time)',
      'config.yaml:4:51: baselines.effect_size_thresholds.memory: must be > 0 (got -1)',
      'config.yaml:5:3: baselines.baselines_dir: is not used: all state lives in the database named by `store`',
    ]);
  });
});
