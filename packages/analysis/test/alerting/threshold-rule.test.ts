import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD_RULES } from '../../src/alerting/rules/default-rules.js';
import { findingToAlert } from '../../src/alerting/rules/finding-alerts.js';
import { reduce } from '../../src/alerting/rules/reduction.js';
import { expandTemplate } from '../../src/alerting/rules/templates.js';
import { compare, createThresholdRule } from '../../src/alerting/rules/threshold-rule.js';
import type { ThresholdRuleConfig } from '../../src/alerting/rules/threshold-rule.js';
import { fingerprint } from '../../src/alerting/labels.js';
import type { SeriesView, ViewSeries } from '../../src/engines/series-view.js';
import type { Sample } from '../../src/series/types.js';

/** A series view over fixed series and samples. */
function view(
  series: { info: Partial<ViewSeries> & { id: number }; samples: Sample[] }[],
): SeriesView {
  return {
    select(selector) {
      return series
        .map((s) => ({
          metric: 'm',
          kind: 'gauge' as const,
          unit: '1',
          resource: {},
          attributes: {},
          stale: false,
          ...s.info,
        }))
        .filter(
          (s) =>
            s.metric === selector.metric &&
            Object.entries(selector.attributes ?? {}).every(([k, v]) => s.attributes[k] === v),
        );
    },
    totals: () => undefined,
    samples(id, from, at) {
      return (series.find((s) => s.info.id === id)?.samples ?? []).filter(
        (s) => s.timeMillis > from && s.timeMillis <= at,
      );
    },
  };
}

const S = 1000;

function rule(overrides: Partial<ThresholdRuleConfig> = {}): ThresholdRuleConfig {
  return {
    id: 'HighMemory',
    metric: 'm',
    windowMillis: 60 * S,
    reduction: 'max',
    comparison: 'gt',
    threshold: 0.8,
    forMillis: 0,
    keepFiringForMillis: 0,
    severity: 'warning',
    labels: { team: 'xpcs' },
    annotations: { summary: 'memory {{ $value }} > {{ $threshold }} on {{ $labels.host }}' },
    ...overrides,
  };
}

describe('comparisons and reductions', () => {
  it.each([
    ['gt', 2, 1, true],
    ['gt', 1, 1, false],
    ['gte', 1, 1, true],
    ['lt', 0.5, 1, true],
    ['lte', 1, 1, true],
    ['eq', 1, 1, true],
    ['ne', 1, 1, false],
    ['ne', 2, 1, true],
  ] as const)('%s(%d, %d) = %s', (c, v, t, expected) => {
    expect(compare(v, c, t)).toBe(expected);
  });

  it('reduces gauge samples and histogram deltas as documented', () => {
    const gauge = [1, 4, 2].map((value, i) => ({ timeMillis: i, value }));
    expect(reduce(gauge, 'avg', 60)).toBeCloseTo(7 / 3);
    expect(reduce(gauge, 'min', 60)).toBe(1);
    expect(reduce(gauge, 'max', 60)).toBe(4);
    expect(reduce(gauge, 'last', 60)).toBe(2);
    expect(reduce(gauge, 'sum', 60)).toBe(7);
    expect(reduce(gauge, 'count', 60)).toBe(3);
    expect(reduce(gauge, 'rate', 60)).toBeCloseTo(7 / 60);
    // Histogram deltas: sums 6 s over 3 observations and 2 s over 1: mean 2 s.
    const hist = [
      { timeMillis: 1, value: 6, count: 3 },
      { timeMillis: 2, value: 2, count: 1 },
    ];
    expect(reduce(hist, 'avg', 60)).toBe(2);
    expect(reduce(hist, 'count', 60)).toBe(4);
    // min, max and last of a histogram read each interval's mean observation, and skip an
    // interval without observations (whose sum, 0, is no observation at all).
    const accuracy = [
      { timeMillis: 1, value: 9.99, count: 10 },
      { timeMillis: 2, value: 0, count: 0 },
      { timeMillis: 3, value: 4.75, count: 5 },
      { timeMillis: 4, value: 1.996, count: 2 },
    ];
    expect(reduce(accuracy, 'min', 60)).toBeCloseTo(0.95, 12);
    expect(reduce(accuracy, 'max', 60)).toBeCloseTo(0.999, 12);
    expect(reduce(accuracy, 'last', 60)).toBeCloseTo(0.998, 12);
    expect(reduce([{ timeMillis: 1, value: 0, count: 0 }], 'min', 60)).toBeUndefined();
    expect(reduce([], 'avg', 60)).toBeUndefined();
    expect(reduce([{ timeMillis: 1, value: NaN }], 'max', 60)).toBeUndefined();
  });

  it('expands annotation templates', () => {
    expect(
      expandTemplate('{{ $value }} on {{$labels.host}} / {{ $labels["a.b"] }} {{ $other }}', {
        labels: { host: 'h1', 'a.b': 'x' },
        value: 0.912345,
      }),
    ).toBe('0.9123 on h1 / x {{ $other }}');
  });
});

describe('threshold rules', () => {
  it('fires per series with the series attributes, rule labels and expanded annotations', () => {
    const r = createThresholdRule(rule());
    const v = view([
      { info: { id: 1, attributes: { host: 'a' } }, samples: [{ timeMillis: 10 * S, value: 0.9 }] },
      { info: { id: 2, attributes: { host: 'b' } }, samples: [{ timeMillis: 10 * S, value: 0.5 }] },
    ]);
    const out = r.evaluate(v, 20 * S);
    expect(out.firing).toHaveLength(1);
    const alert = out.firing[0];
    expect(alert?.labels).toEqual({
      alertname: 'HighMemory',
      severity: 'warning',
      team: 'xpcs',
      host: 'a',
      metric: 'm',
    });
    expect(alert?.fingerprint).toBe(fingerprint(alert?.labels ?? {}));
    expect(alert?.annotations.summary).toBe('memory 0.9 > 0.8 on a');
    expect(alert?.value).toBe(0.9);
  });

  it('is pending until the condition held for `for`, then fires; resolves when it stops', () => {
    const samples: Sample[] = [];
    const r = createThresholdRule(rule({ forMillis: 60 * S, windowMillis: 15 * S }));
    const v = view([{ info: { id: 1 }, samples }]);
    const states: string[] = [];
    for (let t = 15; t <= 180; t += 15) {
      samples.push({ timeMillis: t * S, value: t <= 120 ? 0.95 : 0.1 });
      const out = r.evaluate(v, t * S);
      states.push(out.firing.length ? 'F' : out.resolved.length ? 'R' : out.pending ? 'P' : '-');
    }
    // Pending 15..60 (held 0..45 s), firing from 75 s (held 60 s) to 120 s, resolved at 135 s.
    expect(states.join('')).toBe('PPPPFFFFR---');
  });

  it('keeps firing for keep_firing_for after the condition stops', () => {
    const samples: Sample[] = [];
    const r = createThresholdRule(rule({ keepFiringForMillis: 45 * S, windowMillis: 15 * S }));
    const v = view([{ info: { id: 1 }, samples }]);
    const states: string[] = [];
    for (let t = 15; t <= 120; t += 15) {
      samples.push({ timeMillis: t * S, value: t <= 30 ? 0.95 : 0.1 });
      const out = r.evaluate(v, t * S);
      states.push(out.firing.length ? 'F' : out.resolved.length ? 'R' : '-');
      if (out.resolved[0]) expect(out.resolved[0].endsAtMillis).toBe(t * S);
    }
    // True at 15 and 30; kept firing at 45, 60 (< 45 s after 30 s); resolved at 75.
    expect(states.join('')).toBe('FFFFR---');
  });

  it('a series that disappears resolves its alert', () => {
    const series = [{ info: { id: 1 }, samples: [{ timeMillis: 1 * S, value: 1 }] }];
    const r = createThresholdRule(rule());
    expect(r.evaluate(view(series), 2 * S).firing).toHaveLength(1);
    expect(r.evaluate(view([]), 3 * S).resolved).toHaveLength(1);
  });

  it('the default rules cover the SLI targets of the monitoring description', () => {
    const byId = Object.fromEntries(DEFAULT_THRESHOLD_RULES.map((r) => [r.id, r]));
    expect(byId.accuracy_preservation_low).toMatchObject({ comparison: 'lt', threshold: 0.999 });
    expect(byId.response_time_high).toMatchObject({ comparison: 'gt', threshold: 2 });
    expect(byId.response_time_critical).toMatchObject({ threshold: 3, severity: 'critical' });
    expect(byId.memory_utilization_high).toMatchObject({ comparison: 'gt', threshold: 0.8 });
  });
});

describe('findings as alerts', () => {
  const base = {
    engine: 'slo',
    kind: 'slo.burn_rate.page',
    severity: 'critical' as const,
    labels: { slo: 'response_time' },
    summary: 'burning 14.4x',
    value: 15.2,
    threshold: 14.4,
    windowSeconds: 3600,
    suggestedAction: 'roll back',
    startsAtMillis: 1000,
  };

  it('identify by labels, kind, engine and severity and carry the context as annotations', () => {
    const a = findingToAlert({ ...base, state: 'firing' }, { apiUrl: 'http://h:1' });
    expect(a.labels).toEqual({
      slo: 'response_time',
      alertname: 'slo.burn_rate.page',
      engine: 'slo',
      severity: 'critical',
    });
    expect(a.annotations).toMatchObject({
      summary: 'burning 14.4x',
      value: '15.2',
      threshold: '14.4',
      window: '3600s',
      suggested_action: 'roll back',
      api_url: 'http://h:1/api/v1/findings?engine=slo',
    });
    expect(a.endsAtMillis).toBeUndefined();
  });

  it('a resolved finding resolves the same alert', () => {
    const f = findingToAlert({ ...base, state: 'firing' });
    const r = findingToAlert({ ...base, state: 'resolved', endsAtMillis: 5000 });
    expect(r.fingerprint).toBe(f.fingerprint);
    expect(r.endsAtMillis).toBe(5000);
  });
});
