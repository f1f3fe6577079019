import {
  ACCURACY_BUCKETS,
  ATTR_ACCURACY_ACHIEVED,
  ATTR_ACCURACY_EXPECTED,
  ATTR_ACCURACY_METHOD,
  ATTR_ACCURACY_PRESERVED,
  ATTR_ACCURACY_TOLERANCE,
  ATTR_OPERATION_NAME,
  METRIC_ACCURACY_ACHIEVED,
  METRIC_ACCURACY_CHECKS,
  METRIC_ACCURACY_VIOLATIONS,
} from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { monitorOperation } from '../../src/operation/monitor-operation.js';
import { startOperation } from '../../src/operation/start-operation.js';
import { histogramPoint, seededRandom, sumPoint, useTelemetry } from '../helpers/telemetry.js';

const REF = { [ATTR_OPERATION_NAME]: 'fit', [ATTR_ACCURACY_METHOD]: 'reference' };

describe('accuracy checks', () => {
  const { telemetry, diagnostics } = useTelemetry({ diag: true });

  it('compares with the reference element-wise and records achieved accuracy and a violation', async () => {
    // Fast path agrees on 3 of 4 elements within 1e-6 relative: achieved 0.75 < 0.999.
    const fast = (xs: number[]): number[] =>
      xs.map((x, i) => (i === 2 ? x * 1.01 : x * (1 + 1e-8)));
    const exact = (xs: number[]): number[] => xs.map((x) => x);
    const fit = monitorOperation('fit', fast, {
      reference: exact,
      tolerance: { relative: 1e-6 },
      sampleRate: 1,
    });
    expect(fit([1, 2, 3, 4])).toEqual(fast([1, 2, 3, 4]));
    const span = telemetry.span('fit');
    expect(span.attributes).toMatchObject({
      [ATTR_ACCURACY_EXPECTED]: 0.999,
      [ATTR_ACCURACY_ACHIEVED]: 0.75,
      [ATTR_ACCURACY_PRESERVED]: false,
      [ATTR_ACCURACY_METHOD]: 'reference',
      [ATTR_ACCURACY_TOLERANCE]: 1e-6,
    });
    const metrics = await telemetry.metrics();
    const achieved = metrics.get(METRIC_ACCURACY_ACHIEVED);
    expect(achieved?.descriptor.unit).toBe('1');
    expect(histogramPoint(achieved, REF)?.sum).toBe(0.75);
    expect(histogramPoint(achieved, REF)?.buckets.boundaries).toEqual(ACCURACY_BUCKETS);
    const checks = metrics.get(METRIC_ACCURACY_CHECKS);
    expect(sumPoint(checks, { ...REF, [ATTR_ACCURACY_PRESERVED]: false })).toBe(1);
    expect(sumPoint(metrics.get(METRIC_ACCURACY_VIOLATIONS), REF)).toBe(1);
  });

  it('calls the reference with the same this and arguments', () => {
    const seen: unknown[] = [];
    const model = {
      scale: 2,
      apply(this: { scale: number }, x: number): number {
        return this.scale * x;
      },
    };
    const reference = function (this: { scale: number }, x: number): number {
      seen.push(this, x);
      return this.scale * x;
    };
    model.apply = monitorOperation('fit', model.apply, { reference, sampleRate: 1 });
    expect(model.apply(5)).toBe(10);
    expect(seen).toEqual([model, 5]);
    expect(telemetry.span('fit').attributes[ATTR_ACCURACY_PRESERVED]).toBe(true);
  });

  it('checks the sampled fraction of calls, decided by the injected random source', async () => {
    // Replay the same seeded sequence to know which calls must be sampled.
    const expectedSampled = (() => {
      const random = seededRandom(42);
      let n = 0;
      for (let i = 0; i < 200; i++) if (random() < 0.25) n++;
      return n;
    })();
    let referenceCalls = 0;
    const fit = monitorOperation('fit', (x: number) => x, {
      reference: (x: number) => {
        referenceCalls++;
        return x;
      },
      sampleRate: 0.25,
      random: seededRandom(42),
      coldStart: false,
    });
    for (let i = 0; i < 200; i++) fit(i);
    expect(referenceCalls).toBe(expectedSampled);
    expect(expectedSampled).toBeGreaterThan(30);
    expect(expectedSampled).toBeLessThan(70);
    const checks = (await telemetry.metrics()).get(METRIC_ACCURACY_CHECKS);
    expect(sumPoint(checks, { ...REF, [ATTR_ACCURACY_PRESERVED]: true })).toBe(expectedSampled);
    const checkedSpans = telemetry.spans().filter((s) => s.attributes[ATTR_ACCURACY_METHOD]);
    expect(checkedSpans).toHaveLength(expectedSampled);
  });

  it('never runs the reference with sampleRate 0', () => {
    let calls = 0;
    const fit = monitorOperation('fit', (x: number) => x, {
      reference: (x: number) => (calls++, x),
      sampleRate: 0,
    });
    for (let i = 0; i < 20; i++) fit(i);
    expect(calls).toBe(0);
  });

  it('records a user measure and validates its range', async () => {
    const measured = monitorOperation('m', (x: number) => x, {
      accuracy: (r) => r,
      expectedAccuracy: 0.9,
    });
    measured(0.95);
    measured(0.5);
    measured(1.5); // out of range: dropped
    measured(Number.NaN); // dropped
    const achieved = (await telemetry.metrics()).get(METRIC_ACCURACY_ACHIEVED);
    const point = histogramPoint(achieved, {
      [ATTR_OPERATION_NAME]: 'm',
      [ATTR_ACCURACY_METHOD]: 'measure',
    });
    expect(point?.count).toBe(2);
    expect(point?.sum).toBeCloseTo(1.45, 12);
    expect(
      diagnostics.messages.filter((m) => m.includes('options.accuracy: dropped')),
    ).toHaveLength(2);
    const spans = telemetry.spans();
    expect(spans.map((s) => s.attributes[ATTR_ACCURACY_PRESERVED])).toEqual([
      true,
      false,
      undefined,
      undefined,
    ]);
  });

  it('records validate as accuracy 1 or 0', async () => {
    const checked = monitorOperation('v', (x: number) => x, { validate: (r) => r > 0 });
    checked(1);
    checked(-1);
    const metrics = await telemetry.metrics();
    const attrs = { [ATTR_OPERATION_NAME]: 'v', [ATTR_ACCURACY_METHOD]: 'validate' };
    expect(histogramPoint(metrics.get(METRIC_ACCURACY_ACHIEVED), attrs)?.sum).toBe(1);
    expect(sumPoint(metrics.get(METRIC_ACCURACY_VIOLATIONS), attrs)).toBe(1);
  });

  it('checks an async result and an async reference, ending the span at the operation end', async () => {
    let releaseReference: (v: number[]) => void = () => {};
    const fit = monitorOperation('fit', async (n: number) => [n, n], {
      reference: () => new Promise<number[]>((resolve) => (releaseReference = resolve)),
      sampleRate: 1,
    });
    await expect(fit(3)).resolves.toEqual([3, 3]);
    // The caller got its value; the span waits for the reference.
    expect(telemetry.spans()).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const releasedAtMs = performance.timeOrigin + performance.now();
    releaseReference([3, 4]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const span = telemetry.span('fit');
    expect(span.attributes[ATTR_ACCURACY_ACHIEVED]).toBe(0.5);
    // The span ends when the operation returned, not when the reference settled.
    const endMs = span.endTime[0] * 1e3 + span.endTime[1] / 1e6;
    expect(endMs).toBeLessThan(releasedAtMs);
  });

  it('keeps going when the reference or the measure throws', () => {
    const a = monitorOperation('a', (x: number) => x, {
      reference: () => {
        throw new Error('reference broke');
      },
      sampleRate: 1,
    });
    const b = monitorOperation('b', (x: number) => x, {
      validate: () => {
        throw new Error('validate broke');
      },
    });
    const c = monitorOperation('c', (x: number) => x, {
      validate: () => true,
      sampleRate: 0.5,
      random: () => {
        throw new Error('random broke');
      },
    });
    expect(a(1)).toBe(1);
    expect(b(2)).toBe(2);
    expect(c(3)).toBe(3);
    expect(telemetry.spans().map((s) => s.name)).toEqual(['a', 'b', 'c']);
    for (const text of ['reference broke', 'validate broke', 'random broke']) {
      expect(diagnostics.messages.some((m) => m.includes(text))).toBe(true);
    }
  });

  it('lets a handle check accuracy with a reference taking no arguments', () => {
    const op = startOperation('h', { reference: () => [1, 2], sampleRate: 1 });
    op.end([1, 2]);
    expect(telemetry.span('h').attributes[ATTR_ACCURACY_ACHIEVED]).toBe(1);
  });

  it('claims no accuracy when the depth limit left nothing of the results compared', async () => {
    // The numbers sit three containers deep; maxDepth 2 opens only two, so no element of
    // these two different results is compared, and that must not read as accuracy 1.
    const fit = monitorOperation('fit', () => ({ fit: { values: [1, 2] } }), {
      reference: () => ({ fit: { values: [5, 6] } }),
      sampleRate: 1,
      limits: { maxDepth: 2 },
    });
    fit();
    const span = telemetry.span('fit');
    expect(span.attributes[ATTR_ACCURACY_ACHIEVED]).toBeUndefined();
    expect(span.attributes[ATTR_ACCURACY_PRESERVED]).toBeUndefined();
    const metrics = await telemetry.metrics();
    expect(histogramPoint(metrics.get(METRIC_ACCURACY_ACHIEVED), REF)).toBeUndefined();
    expect(
      sumPoint(metrics.get(METRIC_ACCURACY_CHECKS), { ...REF, [ATTR_ACCURACY_PRESERVED]: true }),
    ).toBeUndefined();
    expect(diagnostics.messages.some((m) => m.includes('fit: options.reference: dropped'))).toBe(
      true,
    );
    // With the limit raised the same results are compared: 0 of 2 elements match.
    const deeper = monitorOperation('deeper', () => ({ fit: { values: [1, 2] } }), {
      reference: () => ({ fit: { values: [5, 6] } }),
      sampleRate: 1,
      limits: { maxDepth: 3 },
    });
    deeper();
    expect(telemetry.span('deeper').attributes[ATTR_ACCURACY_ACHIEVED]).toBe(0);
  });

  it('records expected accuracy alone without claiming an achieved one', () => {
    monitorOperation('e', () => 1, { expectedAccuracy: 0.99 })();
    const span = telemetry.span('e');
    expect(span.attributes[ATTR_ACCURACY_EXPECTED]).toBe(0.99);
    expect(span.attributes[ATTR_ACCURACY_ACHIEVED]).toBeUndefined();
  });
});
