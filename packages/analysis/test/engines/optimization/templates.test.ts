import { describe, expect, it } from 'vitest';
import { builtinTemplates } from '../../../src/engines/optimization/builtin-templates.js';
import { customTemplate } from '../../../src/engines/optimization/custom-templates.js';
import { emptyObservations } from '../../../src/engines/optimization/signals.js';
import type { Observations, WorkloadSignals } from '../../../src/engines/optimization/signals.js';
import type { TemplateInput } from '../../../src/engines/optimization/types.js';
import { createSeriesView } from '../../../src/engines/series-view.js';
import { AggregationTemporality } from '../../../src/otlp/model.js';
import { createSeriesStore } from '../../../src/series/series-store.js';
import { normalCdf } from '../../../src/stats/distributions.js';
import { parse } from '../../config/helpers.js';

const T0 = 1_700_000_000_000;
const config = parse('').optimization;
const templates = builtinTemplates(config.thresholds, config.significance);
const template = (id: string) => templates.find((t) => t.id === id)!;

function signals(parts: Partial<WorkloadSignals> = {}): WorkloadSignals {
  return {
    caches: new Map(),
    operations: new Map(),
    operationsByVersion: new Map(),
    compilation: new Map(),
    memory: new Map(),
    accuracy: new Map(),
    nonFinite: new Map(),
    errors: new Map(),
    ...parts,
  };
}

/** Observations with one interval per entry of `sums` (times T0 + i minutes), `per` each. */
function observations(sums: number[], per = 10): Observations {
  const o = emptyObservations();
  sums.forEach((sum, i) => {
    o.count += per;
    o.sum += sum;
    o.intervalSums.push(sum);
    o.intervalMeans.push(sum / per);
    o.intervalTimes.push(T0 + i * 60_000);
  });
  return o;
}

const input = (s: WorkloadSignals): TemplateInput => ({
  signals: s,
  fromMillis: T0,
  atMillis: T0 + 3_600_000,
});

describe('built-in templates', () => {
  it('cache_tuning: a hit rate under target from frequent lookups, with the z-test confidence', () => {
    const [d] = template('cache_tuning').detect(
      input(signals({ caches: new Map([['model', { hits: 600, misses: 400 }]]) })),
    );
    // z = (0.85 - 0.6) / sqrt(0.85 * 0.15 / 1000), by hand 22.14
    expect(d!.confidence).toBeCloseTo(normalCdf(0.25 / Math.sqrt(0.1275 / 1000)), 12);
    expect(d!.severity).toBeCloseTo(0.25 / 0.85, 12);
    expect(d!.impact.ratio).toBeCloseTo(0.25 / 0.4, 5);
    expect(d!.impact.description).toBe(
      '250 lookups per hour would hit instead of recomputing (62.5 % of the misses)',
    );
    // Healthy, or too few lookups to judge: nothing.
    const healthy = signals({ caches: new Map([['model', { hits: 900, misses: 100 }]]) });
    expect(template('cache_tuning').detect(input(healthy))).toEqual([]);
    const rare = signals({ caches: new Map([['model', { hits: 10, misses: 10 }]]) });
    expect(template('cache_tuning').detect(input(rare))).toEqual([]);
  });

  it('jit_warmup: compile time over 20 % of operation time with enough cold starts', () => {
    const ops = observations([10, 10, 10, 10]);
    const compile = observations([3, 3, 3, 0.5], 2); // 9.5 s of 40 s: 23.75 %, 8 compilations
    const [d] = template('jit_warmup').detect(
      input(
        signals({ operations: new Map([['fit', ops]]), compilation: new Map([['fit', compile]]) }),
      ),
    );
    expect(d!.evidence.values).toMatchObject({
      overhead: 0.2375,
      coldStarts: 8,
      intervalsOverThreshold: 3,
    });
    expect(d!.confidence).toBeCloseTo(4 / 6, 12); // rule of succession: (3 + 1) / (4 + 2)
    expect(d!.impact.description).toBe(
      'warm-up would save about 9.5 compile seconds per hour (8 cold starts in the window)',
    );
    const few = observations([3, 3], 1); // 2 cold starts only
    expect(
      template('jit_warmup').detect(
        input(
          signals({ operations: new Map([['fit', ops]]), compilation: new Map([['fit', few]]) }),
        ),
      ),
    ).toEqual([]);
  });

  it('memory_pooling: a significant rise beyond 10 %, not a flat level', () => {
    const times = Array.from({ length: 30 }, (_, i) => T0 + i * 60_000);
    const rising = times.map((_, i) => 100e6 * (1 + 0.01 * i));
    const [d] = template('memory_pooling').detect(
      input(signals({ memory: new Map([['heap_used', { times, values: rising }]]) })),
    );
    expect(d!.subject).toBe('heap_used');
    expect(d!.confidence).toBeGreaterThan(0.999);
    const flat = times.map((_, i) => 100e6 * (1 + 0.001 * Math.sin(i)));
    expect(
      template('memory_pooling').detect(
        input(signals({ memory: new Map([['heap_used', { times, values: flat }]]) })),
      ),
    ).toEqual([]);
  });

  it('numerical_stability: non-finite values appearing, confidence 1 - e^-k', () => {
    const [d] = template('numerical_stability').detect(
      input(
        signals({
          nonFinite: new Map([['chi_squared', 3]]),
          operations: new Map([['chi_squared', observations([1, 1], 50)]]),
        }),
      ),
    );
    expect(d!.confidence).toBeCloseTo(1 - Math.exp(-3), 12);
    expect(d!.impact.ratio).toBeCloseTo(0.03, 12);
    expect(
      template('numerical_stability').detect(input(signals({ nonFinite: new Map([['x', 0]]) }))),
    ).toEqual([]);
  });

  it('version_regression: slower after a service.version change, by a Welch t-test', () => {
    const before = observations([1.0, 1.02, 0.98, 1.01, 0.99], 1);
    const after = observations([1.5, 1.52, 1.48, 1.51], 1);
    after.intervalTimes = after.intervalTimes.map((t) => t + 10 * 60_000);
    const versions = new Map([
      [
        'fit',
        new Map([
          ['1.0.0', before],
          ['1.1.0', after],
        ]),
      ],
    ]);
    const [d] = template('version_regression').detect(
      input(signals({ operationsByVersion: versions })),
    );
    expect(d!.subject).toBe('fit@1.1.0');
    expect(d!.evidence.values).toMatchObject({ previousVersion: '1.0.0', version: '1.1.0' });
    expect(d!.evidence.values.relativeChange).toBeCloseTo(0.5025 / 1.0, 2);
    expect(d!.confidence).toBeGreaterThan(0.999);
    // The same speed in both versions is no regression.
    const same = new Map([
      [
        'fit',
        new Map([
          ['1.0.0', before],
          ['1.1.0', { ...before, intervalTimes: after.intervalTimes.concat(T0 + 20 * 60_000) }],
        ]),
      ],
    ]);
    expect(
      template('version_regression').detect(input(signals({ operationsByVersion: same }))),
    ).toEqual([]);
  });

  it('vectorization: one operation with most of the time, not a balanced mix', () => {
    const ops = new Map([
      ['fit', observations([8, 8, 8])],
      ['load', observations([1, 1, 1])],
      ['plot', observations([1, 1, 1])],
    ]);
    const [d] = template('vectorization').detect(input(signals({ operations: ops })));
    expect(d!.subject).toBe('fit');
    expect(d!.impact.ratio).toBeCloseTo(0.8, 12);
    expect(d!.confidence).toBeCloseTo(4 / 5, 12);
    const balanced = new Map([
      ['fit', observations([4, 4])],
      ['load', observations([3, 3])],
      ['plot', observations([3, 3])],
    ]);
    expect(template('vectorization').detect(input(signals({ operations: balanced })))).toEqual([]);
  });
});

describe('custom templates', () => {
  it('fire on their measured condition over the series, with interval agreement as confidence', () => {
    let now = T0;
    const series = createSeriesStore({ clock: { now: () => now }, startTimeMillis: T0 });
    const prefix = series.prefix({ 'service.name': 'fit' }, { name: 's', version: '' });
    const hist = series.metric(prefix, 'heterodyne.operation.duration', 'histogram', 's');
    const write = (op: string, count: number, sum: number): void => {
      series.writeHistogram(
        hist,
        AggregationTemporality.DELTA,
        {
          attributes: { 'heterodyne.operation.name': op },
          startTimeUnixNano: 0,
          timeUnixNano: now * 1e6,
          flags: 0,
          count,
          sum,
          bucketCounts: [],
          explicitBounds: [],
          min: undefined,
          max: undefined,
        },
        now,
      );
    };
    // Four intervals of `fit`: means 2, 2, 2, 0.5 s; `load` is fast and must not count.
    for (const mean of [2, 2, 2, 0.5]) {
      now += 60_000;
      write('fit', 4, 4 * mean);
      write('load', 4, 0.4);
    }
    const view = createSeriesView(series);
    const t = customTemplate(
      'slow_fit',
      {
        category: 'algorithm',
        implementationEffort: 'medium',
        riskLevel: 'medium',
        autoExecutable: false,
        description: 'fits are slow',
        condition: {
          metric: 'heterodyne.operation.duration',
          statistic: 'mean',
          where: { 'heterodyne.operation.name': 'fit' },
          above: 1,
        },
      },
      () => view,
    );
    const [d] = t.detect({ signals: signals(), fromMillis: T0, atMillis: now });
    expect(d!.subject).toBe('heterodyne.operation.duration{heterodyne.operation.name=fit}');
    expect(d!.evidence.values).toMatchObject({
      value: 1.625,
      above: 1,
      intervals: 4,
      intervalsPastThreshold: 3,
    });
    expect(d!.confidence).toBeCloseTo(4 / 6, 12);
    const strict = customTemplate(
      'slow_fit',
      {
        ...t,
        implementationEffort: 'low',
        description: '',
        condition: {
          metric: 'heterodyne.operation.duration',
          statistic: 'mean',
          where: { 'heterodyne.operation.name': 'fit' },
          above: 2,
        },
      },
      () => view,
    );
    expect(strict.detect({ signals: signals(), fromMillis: T0, atMillis: now })).toEqual([]);
  });

  it('judge a ratio SLI: the share of the numerator series in the total', () => {
    let now = T0;
    const series = createSeriesStore({ clock: { now: () => now }, startTimeMillis: T0 });
    const prefix = series.prefix({ 'service.name': 'fit' }, { name: 's', version: '' });
    const counter = series.metric(prefix, 'heterodyne.cache.requests', 'counter', '{request}');
    const write = (result: string, n: number): void => {
      series.writeNumber(
        counter,
        AggregationTemporality.DELTA,
        {
          attributes: { 'heterodyne.cache.name': 'model', 'heterodyne.cache.result': result },
          startTimeUnixNano: 0,
          timeUnixNano: now * 1e6,
          flags: 0,
          value: n,
          isInt: true,
        },
        now,
      );
    };
    // Hit rates 0.7, 0.7, 0.9: over the window 230 / 300.
    for (const hits of [70, 70, 90]) {
      now += 60_000;
      write('hit', hits);
      write('miss', 100 - hits);
    }
    const view = createSeriesView(series);
    const hitRate = (below: number) =>
      customTemplate(
        'hit_rate',
        {
          category: 'algorithm',
          implementationEffort: 'low',
          riskLevel: 'low',
          autoExecutable: false,
          description: '',
          condition: {
            metric: 'heterodyne.cache.requests',
            statistic: 'ratio',
            where: { 'heterodyne.cache.name': 'model' },
            numerator: { 'heterodyne.cache.result': 'hit' },
            below,
          },
        },
        () => view,
      ).detect({ signals: signals(), fromMillis: T0, atMillis: now });
    const [d] = hitRate(0.8);
    expect(d!.evidence.values.value).toBeCloseTo(230 / 300, 6);
    expect(d!.evidence.values.intervalsPastThreshold).toBe(2);
    expect(d!.subject).toBe(
      'heterodyne.cache.requests{heterodyne.cache.name=model,heterodyne.cache.result=hit}',
    );
    expect(hitRate(0.75)).toEqual([]);
  });
});
