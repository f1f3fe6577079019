import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeConfig } from '../../src/config/describe-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { errors, parse } from './helpers.js';

describe('slo section', () => {
  it('defaults: 30-day rolling window, service and operation groups, the workbook table', () => {
    const c = parse('');
    expect(c.slo.window).toEqual({ kind: 'rolling', seconds: 30 * 86_400 });
    expect(c.slo.groupBy).toEqual(['service.name', 'heterodyne.operation.name']);
    expect(
      c.slo.alertWindows.map((r) => [
        r.severity,
        r.longWindowSeconds,
        r.shortWindowSeconds,
        r.budgetConsumed,
      ]),
    ).toEqual([
      ['page', 3600, 300, 0.02],
      ['page', 21_600, 1800, 0.05],
      ['ticket', 86_400, 7200, 0.1],
      ['ticket', 259_200, 21_600, 0.1],
    ]);
    expect(c.slo.builtin).toBe(true);
    expect(c.slo.objectives).toEqual([]);
  });

  it('reads windows, groups, alert tables and each indicator kind', () => {
    const c = parse(
      [
        'slo:',
        '  window: calendar month',
        '  group_by: [service.name]',
        '  alert_windows:',
        '    - { severity: page, long: 1h, short: 5m, budget_consumed: 0.02 }',
        '  objectives:',
        '    fit_errors:',
        '      objective: 0.995',
        '      window: 7d',
        '      ratio:',
        '        total: { metric: heterodyne.operation.duration, quantity: count }',
        '        bad:',
        '          metric: heterodyne.operation.duration',
        '          quantity: count',
        '          where: { error.type: { present: true } }',
        '    fit_latency:',
        '      objective: 0.99',
        '      threshold: { metric: heterodyne.operation.duration, le: 0.5, where: { heterodyne.operation.name: fit } }',
        '    heap:',
        '      objective: 0.95',
        '      slice: 5m',
        '      gauge: { metric: heterodyne.process.memory.utilization, op: "<", value: 0.8 }',
        '',
      ].join('\n'),
    );
    expect(c.slo.window).toEqual({ kind: 'calendar', unit: 'month' });
    expect(c.slo.alertWindows).toHaveLength(1);
    const [errorsSlo, latency, heap] = c.slo.objectives;
    expect(errorsSlo).toMatchObject({
      id: 'fit_errors',
      objective: 0.995,
      window: { kind: 'rolling', seconds: 7 * 86_400 },
      groupBy: ['service.name'],
      display: 'bad_ratio',
      indicator: {
        kind: 'ratio',
        total: { metric: 'heterodyne.operation.duration', quantity: 'count' },
        bad: { quantity: 'count', where: { 'error.type': { present: true } } },
      },
      budgeting: { method: 'occurrences' },
    });
    expect(latency?.indicator).toEqual({
      kind: 'threshold',
      metric: 'heterodyne.operation.duration',
      threshold: 0.5,
      where: { 'heterodyne.operation.name': 'fit' },
    });
    expect(heap).toMatchObject({
      indicator: { kind: 'gauge', op: '<', threshold: 0.8 },
      budgeting: { method: 'timeslices', sliceSeconds: 300, sliceObjective: 1 },
      window: { kind: 'calendar', unit: 'month' },
    });
  });

  it('names file, line, column and key of every mistake', () => {
    expect(
      errors(
        [
          'slo:',
          '  window: 2 months',
          '  objectives:',
          '    a:',
          '      objective: 1',
          '      ratio: { total: { metric: x }, good: { metric: y }, bad: { metric: z } }',
          '    b:',
          '      objective: 0.9',
          '      threshold: { metric: x }',
          '      gauge: { metric: y, op: "<", value: 1 }',
          '    c:',
          '      objective: 0.9',
          '      gauge: { metric: y, op: "!=", value: 1, colour: red }',
          '  alert_windows:',
          '    - { severity: page, long: 5m, short: 1h, budget_consumed: 0.02 }',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      'config.yaml:2:11: slo.window: must be a rolling window like 30d, 7d or 4w, or "calendar month" (got "2 months")',
      'config.yaml:5:18: slo.objectives.a.objective: must be below 1: an objective of 100 % leaves no error budget (got 1)',
      'config.yaml:6:14: slo.objectives.a.ratio: needs exactly one of good and bad',
      'config.yaml:8:7: slo.objectives.b: has several indicators (threshold, gauge): give one',
      'config.yaml:13:31: slo.objectives.c.gauge.op: must be one of "<", "<=", ">", ">=" (got "!=")',
      'config.yaml:13:47: slo.objectives.c.gauge.colour: unknown key (known keys: metric, op, value, where)',
      'config.yaml:15:42: slo.alert_windows[0].short: must be shorter than long',
    ]);
  });

  it('round-trips through config check: the written section parses back to the same', () => {
    const c = parse(
      [
        'slo:',
        '  window: 28d',
        '  history_interval: 0s',
        '  objectives:',
        '    fit_errors:',
        '      objective: 0.995',
        '      window: calendar week',
        '      budgeting: timeslices',
        '      slice: 2m',
        '      slice_objective: 0.9',
        '      ratio:',
        '        total: { metric: ops, quantity: count }',
        '        bad: { metric: ops, quantity: count, where: { error.type: { present: true }, tier: 2 } }',
        '    heap:',
        '      objective: 0.95',
        '      gauge: { metric: mem, op: "<=", value: 0.8 }',
        '',
      ].join('\n'),
    );
    const again = parse(describeConfig(c).replace(/^#.*\n/gm, ''));
    expect(again.slo).toEqual(c.slo);
  });

  it('refuses an objective that reuses a built-in id', () => {
    expect(
      errors(
        'slo:\n  objectives:\n    error_rate:\n      objective: 0.9\n      ratio: { total: { metric: a }, bad: { metric: b } }\n',
      ),
    ).toEqual([
      'config.yaml:3:5: slo.objectives.error_rate: "error_rate" is a built-in SLO: set its target under slo.targets, or pick another id',
    ]);
  });
});

describe('OpenSLO documents', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function load(files: Record<string, string>): ReturnType<typeof loadConfig> {
    dir = mkdtempSync(join(tmpdir(), 'openslo-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return loadConfig(join(dir, 'config.yaml'), {});
  }

  const ratioSlo = [
    'apiVersion: openslo/v1',
    'kind: SLO',
    'metadata: { name: fit-availability, displayName: Fit availability }',
    'spec:',
    '  service: heterodyne',
    '  budgetingMethod: Occurrences',
    '  timeWindow: [{ duration: 28d, isRolling: true }]',
    '  indicatorRef: fit-errors',
    '  objectives: [{ target: 0.999 }]',
    '---',
    'apiVersion: openslo/v1',
    'kind: SLI',
    'metadata: { name: fit-errors }',
    'spec:',
    '  ratioMetric:',
    '    counter: true',
    '    bad: { metricSource: { type: heterodyne, spec: { metric: heterodyne.operation.duration, quantity: count, where: { error.type: { present: true } } } } }',
    '    total: { metricSource: { type: heterodyne, spec: { metric: heterodyne.operation.duration, quantity: count } } }',
    '---',
    'apiVersion: openslo/v1',
    'kind: SLO',
    'metadata: { name: fit-latency }',
    'spec:',
    '  indicator:',
    '    metadata: { name: fit-duration }',
    '    spec: { thresholdMetric: { metricSource: { type: heterodyne, spec: { metric: heterodyne.operation.duration } } } }',
    '  timeWindow: [{ duration: 1M, isRolling: false, calendar: { startTime: "2026-01-01 00:00:00", timeZone: UTC } }]',
    '  objectives:',
    '    - { name: fast, op: lte, value: 0.5, target: 0.9 }',
    '    - { name: ok, op: lte, value: 2, targetPercent: 99 }',
    '---',
    'apiVersion: openslo/v1',
    'kind: SLO',
    'metadata: { name: heap }',
    'spec:',
    '  budgetingMethod: Timeslices',
    '  indicator: { spec: { thresholdMetric: { metricSource: { spec: { metric: heterodyne.process.memory.utilization } } } } }',
    '  objectives: [{ op: lt, value: 0.8, target: 0.99, timeSliceTarget: 1, timeSliceWindow: 2m }]',
    '',
  ].join('\n');

  it('reads ratio and threshold SLOs, SLI references, rolling and calendar windows', () => {
    const result = load({ 'config.yaml': 'slo:\n  openslo: [slos.yaml]\n', 'slos.yaml': ratioSlo });
    if (!result.ok) throw new Error(result.error.join('\n'));
    const specs = result.value.slo.objectives;
    expect(specs.map((s) => s.id)).toEqual([
      'fit-availability',
      'fit-latency.fast',
      'fit-latency.ok',
      'heap',
    ]);
    expect(specs[0]).toMatchObject({
      title: 'Fit availability',
      objective: 0.999,
      window: { kind: 'rolling', seconds: 28 * 86_400 },
      indicator: {
        kind: 'ratio',
        bad: { metric: 'heterodyne.operation.duration', quantity: 'count' },
      },
    });
    expect(specs[1]).toMatchObject({
      indicator: { kind: 'threshold', threshold: 0.5 },
      objective: 0.9,
      window: { kind: 'calendar', unit: 'month' },
    });
    expect(specs[2]?.objective).toBeCloseTo(0.99, 12);
    expect(specs[3]).toMatchObject({
      indicator: { kind: 'gauge', op: '<', threshold: 0.8 },
      budgeting: { method: 'timeslices', sliceSeconds: 120 },
    });
  });

  it('reports errors with the OpenSLO file, line and key', () => {
    const bad = [
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: { name: x }',
      'spec:',
      '  indicatorRef: missing',
      '  budgetingMethod: RatioTimeslices',
      '  objectives: [{ target: 1.5 }]',
      '',
    ].join('\n');
    const result = load({
      'config.yaml': 'slo:\n  openslo: [bad.yaml, none.yaml]\n',
      'bad.yaml': bad,
    });
    expect(result.ok).toBe(false);
    const messages = result.ok
      ? []
      : result.error.map((e) => e.message.replaceAll(dir ?? '', '<dir>'));
    expect(messages).toEqual([
      '<dir>/config.yaml:2:23: slo.openslo[1]: cannot read OpenSLO file <dir>/none.yaml: no such file',
      '<dir>/bad.yaml:5:17: spec.indicatorRef: references undefined SLI "missing" (defined in this file: none)',
      '<dir>/bad.yaml:6:20: spec.budgetingMethod: RatioTimeslices is not supported: use Occurrences or Timeslices',
      '<dir>/bad.yaml:7:26: spec.objectives[0].target: must be <= 0.999999 (got 1.5)',
    ]);
  });
});
