import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { errorRatioExpr, checkExpressible } from '../../src/prometheus/error-ratio.js';
import { generatePrometheusRules } from '../../src/prometheus/generate-rules.js';
import { labelOf, matchersOf, promDuration, promNumber } from '../../src/prometheus/promql.js';
import type { RuleSloDefinition, RuleSloIndicator } from '../../src/prometheus/types.js';

function slo(
  indicator: RuleSloIndicator,
  extra: Partial<RuleSloDefinition> = {},
): RuleSloDefinition {
  return {
    id: 'x',
    title: 'X',
    description: '',
    objective: 0.99,
    indicator,
    periodSeconds: 30 * 86_400,
    groupBy: ['service.name', 'heterodyne.operation.name'],
    alerts: [
      {
        severity: 'page',
        longWindowSeconds: 3600,
        shortWindowSeconds: 300,
        burnRateThreshold: 14.4,
      },
    ],
    windowsSeconds: [300, 3600],
    ...extra,
  };
}

describe('PromQL pieces', () => {
  it.each([
    [300, '5m'],
    [5400, '90m'],
    [7200, '2h'],
    [86_400, '1d'],
    [90, '90s'],
    [2_592_000, '30d'],
  ])('writes %i s as %s', (seconds, text) => {
    expect(promDuration(seconds)).toBe(text);
  });

  it('refuses a window that is not a positive whole number of seconds', () => {
    expect(() => promDuration(0.5)).toThrow(/0\.5 s/);
  });

  it('writes numbers without binary noise', () => {
    expect(promNumber(1 - 0.99)).toBe('0.01');
    expect(promNumber(0.1 * 3)).toBe('0.3');
    expect(promNumber(14.4)).toBe('14.4');
  });

  it('maps resource identity to job/instance and attributes to label names', () => {
    expect(labelOf('service.name')).toBe('job');
    expect(labelOf('service.instance.id')).toBe('instance');
    expect(labelOf('heterodyne.operation.name')).toBe('heterodyne_operation_name');
    expect(
      matchersOf({ 'error.type': { present: true }, 'a.b': { present: false }, c: 'say "hi"' }),
    ).toEqual(['a_b=""', 'c="say \\"hi\\""', 'error_type!=""']);
  });
});

describe('error ratio expressions', () => {
  it('counts a missing bad series as zero, clamped to [0, 1]', () => {
    const expr = errorRatioExpr(
      slo({
        kind: 'ratio',
        total: { metric: 'heterodyne.accuracy.checks', quantity: 'sum' },
        bad: { metric: 'heterodyne.accuracy.violations', quantity: 'sum' },
      }),
      300,
      [],
    );
    expect(expr).toBe(
      'clamp((sum by (job, heterodyne_operation_name) (rate(heterodyne_accuracy_violations_total[5m])) or ' +
        '(sum by (job, heterodyne_operation_name) (rate(heterodyne_accuracy_checks_total[5m])) * 0)) / ' +
        'sum by (job, heterodyne_operation_name) (rate(heterodyne_accuracy_checks_total[5m])), 0, 1)',
    );
  });

  it('reads a latency threshold from the bucket at that bound', () => {
    const expr = errorRatioExpr(
      slo(
        { kind: 'threshold', metric: 'heterodyne.operation.duration', threshold: 2.5 },
        { groupBy: [] },
      ),
      3600,
      [],
    );
    expect(expr).toBe(
      'clamp(1 - sum by () (rate(heterodyne_operation_duration_seconds_bucket{le="2.5"}[1h])) / ' +
        'sum by () (rate(heterodyne_operation_duration_seconds_count[1h])), 0, 1)',
    );
  });

  it('averages the recorded slices of a gauge', () => {
    const expr = errorRatioExpr(
      slo({
        kind: 'gauge',
        metric: 'heterodyne.process.memory.utilization',
        op: '<',
        threshold: 0.8,
      }),
      3600,
      [],
    );
    expect(expr).toBe('avg_over_time(slo:sli_error:slice{slo="x"}[1h])');
  });

  it('says why an SLO cannot be expressed', () => {
    const notBound = checkExpressible(
      slo({ kind: 'threshold', metric: 'heterodyne.operation.duration', threshold: 0.3 }),
      [],
    );
    expect(notBound).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^threshold 0\.3 is not a bucket bound of heterodyne\.operation\.duration/,
      ),
    });
    const counter = checkExpressible(
      slo({ kind: 'threshold', metric: 'heterodyne.cache.requests', threshold: 1 }),
      [],
    );
    expect(counter).toEqual({ ok: false, reason: expect.stringMatching(/not a histogram/) });
    const gauge = checkExpressible(
      slo({ kind: 'gauge', metric: 'my.gauge', op: '<', threshold: 1 }),
      [],
    );
    expect(gauge).toEqual({
      ok: false,
      reason: expect.stringMatching(/not in the metric registry/),
    });
  });
});

describe('generatePrometheusRules', () => {
  it('writes YAML that reads back as the rule groups', () => {
    const gaugeSlo = slo(
      { kind: 'gauge', metric: 'heterodyne.process.memory.utilization', op: '>=', threshold: 0.1 },
      { id: 'mem', sliceSeconds: 300 },
    );
    const { files, groups, skipped } = generatePrometheusRules([gaugeSlo]);
    expect(skipped).toEqual([]);
    const file = files[0];
    expect(file?.path).toBe('rules/heterodyne-slos.rules.yml');
    expect(parse(file?.content ?? '')).toEqual(JSON.parse(JSON.stringify({ groups })));
    // Slices of 5 minutes, the worst (smallest) value against the bound.
    expect(groups[0]).toMatchObject({
      name: 'heterodyne-slo-mem-slices',
      interval: '5m',
      rules: [
        {
          record: 'slo:sli_error:slice',
          expr: 'min by (job, heterodyne_operation_name) (min_over_time(heterodyne_process_memory_utilization_ratio[5m])) < bool 0.1',
        },
      ],
    });
  });

  it('leaves out duplicate ids and inexpressible SLOs, naming them in the header', () => {
    const ok = slo({
      kind: 'ratio',
      total: { metric: 'heterodyne.cache.requests', quantity: 'sum' },
      good: {
        metric: 'heterodyne.cache.requests',
        quantity: 'sum',
        where: { 'heterodyne.cache.result': 'hit' },
      },
    });
    const { files, skipped } = generatePrometheusRules([
      ok,
      ok,
      slo({ kind: 'ratio', total: { metric: 'a', quantity: 'count' } }, { id: 'y' }),
    ]);
    expect(skipped).toEqual([
      { id: 'x', reason: 'an earlier SLO has the same id' },
      { id: 'y', reason: 'ratio indicator has neither `good` nor `bad`' },
    ]);
    expect(files[0]?.content).toMatch(/^# Left out: y: ratio indicator has neither/m);
  });
});
