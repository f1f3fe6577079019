import {
  ATTR_ACCURACY_EXPECTED,
  ATTR_ERROR_TYPE,
  ATTR_JIT_COLD_START,
  ATTR_NUMERICAL_NON_FINITE_COUNT,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  DURATION_BUCKETS_SECONDS,
  METRIC_NON_FINITE_VALUES,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  isMonitored,
  monitorOperation,
  unwrapOperation,
  withOperation,
} from '../../src/operation/monitor-operation.js';
import {
  histogramPoint,
  installTelemetry,
  manualClock,
  sumPoint,
  useTelemetry,
} from '../helpers/telemetry.js';

const NAME = { [ATTR_OPERATION_NAME]: 'op' };
const COLD = { ...NAME, [ATTR_JIT_COLD_START]: true };

describe('monitorOperation', () => {
  const { telemetry, time } = useTelemetry({ clock: true });

  it('returns the result, passes this and arguments, and records a span named after the operation', () => {
    const calc = {
      factor: 3,
      scale(this: { factor: number }, x: number, y: number): number {
        return this.factor * (x + y);
      },
    };
    calc.scale = monitorOperation('op', calc.scale);
    expect(calc.scale(1, 2)).toBe(9);
    const span = telemetry.span('op');
    expect(span.attributes[ATTR_OPERATION_NAME]).toBe('op');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records the duration histogram in seconds with the semconv bucket boundaries', async () => {
    const work = monitorOperation('op', () => time.advance(250));
    work();
    work();
    const metric = (await telemetry.metrics()).get(METRIC_OPERATION_DURATION);
    expect(metric?.descriptor.unit).toBe('s');
    const cold = histogramPoint(metric, COLD);
    const warm = histogramPoint(metric, NAME);
    expect(cold?.count).toBe(1);
    expect(cold?.sum).toBeCloseTo(0.25, 12);
    expect(warm?.count).toBe(1);
    expect(warm?.sum).toBeCloseTo(0.25, 12);
    expect(warm?.buckets.boundaries).toEqual(DURATION_BUCKETS_SECONDS);
    // 0.25 s falls in the bucket (0.1, 0.25] (upper bound inclusive).
    const index = DURATION_BUCKETS_SECONDS.indexOf(0.25);
    expect(warm?.buckets.counts[index]).toBe(1);
  });

  it('marks only the first call as a cold start', () => {
    const work = monitorOperation('op', () => 1);
    work();
    work();
    const [first, second] = telemetry.spans();
    expect(first?.attributes[ATTR_JIT_COLD_START]).toBe(true);
    expect(second?.attributes[ATTR_JIT_COLD_START]).toBeUndefined();
  });

  it('rethrows the same error and records status, exception and error.type on span and histogram', async () => {
    const error = new RangeError('step too large');
    const fails = monitorOperation('op', () => {
      time.advance(10);
      throw error;
    });
    let caught: unknown;
    try {
      fails();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    const span = telemetry.span('op');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'step too large' });
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('RangeError');
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
    const point = histogramPoint((await telemetry.metrics()).get(METRIC_OPERATION_DURATION), {
      ...COLD,
      [ATTR_ERROR_TYPE]: 'RangeError',
    });
    expect(point?.sum).toBeCloseTo(0.01, 12);
  });

  it('resolves with the value of an async function and records after it settles', async () => {
    const slow = monitorOperation('op', async (x: number) => {
      await Promise.resolve();
      time.advance(2000);
      return x * 2;
    });
    const pending = slow(21);
    expect(telemetry.spans()).toHaveLength(0);
    await expect(pending).resolves.toBe(42);
    const point = histogramPoint((await telemetry.metrics()).get(METRIC_OPERATION_DURATION), COLD);
    expect(point?.sum).toBeCloseTo(2, 12);
  });

  it('rejects with the same reason and records error.type for a non-Error rejection', async () => {
    const reason = { code: 7 };
    const fails = monitorOperation('op', async () => {
      throw reason;
    });
    await expect(fails()).rejects.toBe(reason);
    expect(telemetry.span('op').attributes[ATTR_ERROR_TYPE]).toBe('Object');
    const failsWithString = monitorOperation('op2', () => Promise.reject('nope'));
    await expect(failsWithString()).rejects.toBe('nope');
    expect(telemetry.span('op2').attributes[ATTR_ERROR_TYPE]).toBe('_OTHER');
  });

  it('makes nested operations child spans, synchronously and across awaits', async () => {
    const inner = monitorOperation('inner', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return 1;
    });
    const innerSync = monitorOperation('inner_sync', () => 2);
    const outer = monitorOperation('outer', async () => {
      innerSync();
      await new Promise((resolve) => setTimeout(resolve, 1));
      return (await inner()) + 1;
    });
    await outer();
    const parent = telemetry.span('outer');
    for (const child of ['inner', 'inner_sync']) {
      const span = telemetry.span(child);
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
    }
    expect(parent.parentSpanContext).toBeUndefined();
  });

  it('is the active span while the function runs, and not after', () => {
    let active: string | undefined;
    const probe = monitorOperation('op', () => {
      active = trace.getActiveSpan()?.spanContext().spanId;
    });
    probe();
    expect(active).toBe(telemetry.span('op').spanContext().spanId);
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('records optimization method on span and histogram, and extra attributes on the span only', async () => {
    const fit = monitorOperation('op', () => 0, {
      optimizationMethod: 'nelder-mead',
      attributes: { 'heterodyne.dataset.points': 1000 },
      expectedAccuracy: 0.99,
    });
    fit();
    const span = telemetry.span('op');
    expect(span.attributes[ATTR_OPTIMIZATION_METHOD]).toBe('nelder-mead');
    expect(span.attributes['heterodyne.dataset.points']).toBe(1000);
    expect(span.attributes[ATTR_ACCURACY_EXPECTED]).toBe(0.99);
    const metric = (await telemetry.metrics()).get(METRIC_OPERATION_DURATION);
    expect(
      histogramPoint(metric, { ...COLD, [ATTR_OPTIMIZATION_METHOD]: 'nelder-mead' })?.count,
    ).toBe(1);
  });

  it('counts non-finite values of the result on the span and in the counter', async () => {
    const compute = monitorOperation('op', () => ({
      params: new Float64Array([1, Number.NaN, Infinity]),
      chi2: -Infinity,
      residuals: [0, [Number.NaN]],
    }));
    compute();
    expect(telemetry.span('op').attributes[ATTR_NUMERICAL_NON_FINITE_COUNT]).toBe(4);
    expect(sumPoint((await telemetry.metrics()).get(METRIC_NON_FINITE_VALUES), NAME)).toBe(4);
  });

  it('leaves the non-finite attribute out when the result is finite or scanning is off', () => {
    monitorOperation('finite', () => [1, 2, 3])();
    monitorOperation('off', () => Number.NaN, { nonFinite: false })();
    expect(telemetry.span('finite').attributes[ATTR_NUMERICAL_NON_FINITE_COUNT]).toBeUndefined();
    expect(telemetry.span('off').attributes[ATTR_NUMERICAL_NON_FINITE_COUNT]).toBeUndefined();
  });

  it('with spans: false records metrics only, and calls inside become children of the enclosing span', async () => {
    const inner = monitorOperation('inner', () => Number.NaN, { spans: false });
    const outer = monitorOperation('outer', () => {
      inner();
      inner();
      return monitorOperation('leaf', () => 1)();
    });
    outer();
    const names = telemetry.spans().map((s) => s.name);
    expect(names).not.toContain('inner');
    expect(names.sort()).toEqual(['leaf', 'outer']);
    expect(telemetry.span('leaf').parentSpanContext?.spanId).toBe(
      telemetry.span('outer').spanContext().spanId,
    );
    const metrics = await telemetry.metrics();
    const inName = { [ATTR_OPERATION_NAME]: 'inner' };
    const durations = metrics.get(METRIC_OPERATION_DURATION);
    const counted =
      (histogramPoint(durations, inName)?.count ?? 0) +
      (histogramPoint(durations, { ...inName, [ATTR_JIT_COLD_START]: true })?.count ?? 0);
    expect(counted).toBe(2);
    expect(sumPoint(metrics.get(METRIC_NON_FINITE_VALUES), inName)).toBe(2);
  });

  it('rejects a spans option that is not a boolean, naming it', () => {
    expect(() => monitorOperation('op', () => 1, { spans: 'no' as never })).toThrow(/spans/);
  });

  it('keeps the name and length of the wrapped function and exposes the original', () => {
    function chiSquared(_a: number, _b: number): number {
      return 0;
    }
    const wrapped = monitorOperation('op', chiSquared);
    expect(wrapped.name).toBe('chiSquared');
    expect(wrapped.length).toBe(2);
    expect(isMonitored(wrapped)).toBe(true);
    expect(isMonitored(chiSquared)).toBe(false);
    expect(unwrapOperation(wrapped)).toBe(chiSquared);
    expect(unwrapOperation(chiSquared)).toBe(chiSquared);
  });

  it('constructs through new and keeps instanceof working', () => {
    class Model {
      constructor(readonly size: number) {}
    }
    const Wrapped = monitorOperation('op', Model as unknown as (size: number) => Model);
    const model = new (Wrapped as unknown as new (size: number) => Model)(3);
    expect(model).toBeInstanceOf(Model);
    expect(model.size).toBe(3);
    expect(telemetry.spans()).toHaveLength(1);
  });

  it('withOperation runs the block now as an operation', async () => {
    expect(withOperation('block', () => 5)).toBe(5);
    await expect(withOperation('block_async', async () => 6)).resolves.toBe(6);
    expect(telemetry.spans().map((s) => s.name)).toEqual(['block', 'block_async']);
  });
});

describe('monitorOperation options', () => {
  it.each<[Record<string, unknown>, string]>([
    [{ expectedAccuracy: 1.5 }, 'options.expectedAccuracy must be a number in [0, 1]; got 1.5'],
    [{ expectedAccuracy: Number.NaN }, 'options.expectedAccuracy'],
    [
      { accuracy: () => 1, validate: () => true },
      'options.accuracy and options.validate cannot be combined',
    ],
    [
      { reference: () => 1, accuracy: () => 1 },
      'options.reference and options.accuracy cannot be combined',
    ],
    [{ reference: 3 }, 'options.reference must be a function'],
    [{ sampleRate: 0.5 }, 'options.sampleRate applies only with'],
    [
      { validate: () => true, sampleRate: 2 },
      'options.sampleRate must be a number in [0, 1]; got 2',
    ],
    [
      { validate: () => true, tolerance: { relative: 0.1 } },
      'options.tolerance applies only with options.reference',
    ],
    [
      { reference: () => 1, tolerance: { relative: -1 } },
      'options.tolerance.relative must be a finite number >= 0',
    ],
    [{ coldStart: { warmCalls: 0 } }, 'options.coldStart.warmCalls must be a positive integer'],
    [{ limits: { maxElements: 1.5 } }, 'options.limits.maxElements must be a positive integer'],
    [{ expectedAcuracy: 0.9 }, 'unknown option options.expectedAcuracy'],
    [{ tracerProvider: {} }, 'options.tracerProvider must have a getTracer() method'],
    [{ nonFinite: 'yes' }, 'options.nonFinite must be a boolean'],
  ])('throws at construction for %o, naming the option', (options, message) => {
    expect(() => monitorOperation('fit', () => 1, options as never)).toThrow(message);
    expect(() => monitorOperation('fit', () => 1, options as never)).toThrow(
      'monitorOperation("fit")',
    );
  });

  it('throws for a missing name or a non-function', () => {
    expect(() => monitorOperation('', () => 1)).toThrow(
      'operation name must be a non-empty string',
    );
    expect(() => monitorOperation('x', 3 as never)).toThrow('fn must be a function');
  });
});

describe('monitorOperation without an OpenTelemetry SDK', () => {
  it('calls the function with this and arguments and records nothing', () => {
    const obj = {
      k: 2,
      f(this: { k: number }, x: number) {
        return this.k * x;
      },
    };
    obj.f = monitorOperation('op', obj.f);
    for (let i = 0; i < 10; i++) expect(obj.f(i)).toBe(2 * i);
  });

  it('starts recording once an SDK is registered later', async () => {
    const work = monitorOperation('late', () => 1);
    work();
    const telemetry = installTelemetry();
    try {
      work();
      expect(telemetry.spans().map((s) => s.name)).toEqual(['late']);
    } finally {
      await telemetry.uninstall();
    }
    work();
  });
});

describe('monitorOperation never throws into the caller', () => {
  const { telemetry, diagnostics } = useTelemetry({ diag: true });

  it('drops a negative duration from a misbehaving clock and reports it', async () => {
    const time = manualClock(5000);
    try {
      const op = monitorOperation('op', () => time.set(1000));
      expect(op()).toBeUndefined();
    } finally {
      time.restore();
    }
    expect(telemetry.spans()).toHaveLength(1);
    expect((await telemetry.metrics()).get(METRIC_OPERATION_DURATION)).toBeUndefined();
    expect(diagnostics.messages.some((m) => m.includes('op: duration: dropped'))).toBe(true);
  });

  it('survives a result whose property getter throws during the non-finite scan', () => {
    const hostile = {};
    Object.defineProperty(hostile, 'x', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    const op = monitorOperation('op', () => hostile);
    expect(op()).toBe(hostile);
    expect(telemetry.spans()).toHaveLength(1);
    expect(diagnostics.messages.some((m) => m.includes('getter'))).toBe(true);
  });

  it('survives a tracer that throws on startSpan', () => {
    const broken = {
      getTracer: () => ({
        startSpan: () => {
          throw new Error('tracer broke');
        },
        startActiveSpan: () => {
          throw new Error('tracer broke');
        },
      }),
    };
    const op = monitorOperation('op', (x: number) => x + 1, { tracerProvider: broken as never });
    expect(op(1)).toBe(2);
    expect(diagnostics.messages.some((m) => m.includes('tracer broke'))).toBe(true);
  });

  it('returns a thenable whose then() throws untouched', () => {
    const odd = {
      then() {
        throw new Error('odd thenable');
      },
    };
    const op = monitorOperation('op', () => odd);
    expect(op()).toBe(odd);
    expect(telemetry.spans()).toHaveLength(1);
  });
});
