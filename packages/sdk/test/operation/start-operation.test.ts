import {
  ATTR_ERROR_TYPE,
  ATTR_NUMERICAL_NON_FINITE_COUNT,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  ITERATION_BUCKETS,
  METRIC_OPERATION_DURATION,
  METRIC_OPTIMIZATION_ITERATIONS,
} from '@heterodyne/semconv';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { monitorOperation } from '../../src/operation/monitor-operation.js';
import { startOperation } from '../../src/operation/start-operation.js';
import { histogramPoint, useTelemetry } from '../helpers/telemetry.js';

describe('startOperation', () => {
  const { telemetry, time, diagnostics } = useTelemetry({ clock: true, diag: true });

  it('records a span and a duration when ended, with attributes set on the way', async () => {
    const op = startOperation('fit', { optimizationMethod: 'wasserstein', coldStart: false });
    op.setAttribute('heterodyne.dataset.points', 500).setAttributes({
      'heterodyne.dataset.angles': 3,
    });
    time.advance(1500);
    expect(op.ended).toBe(false);
    op.end([1, Number.NaN]);
    expect(op.ended).toBe(true);
    const span = telemetry.span('fit');
    expect(span.attributes).toMatchObject({
      [ATTR_OPERATION_NAME]: 'fit',
      [ATTR_OPTIMIZATION_METHOD]: 'wasserstein',
      'heterodyne.dataset.points': 500,
      'heterodyne.dataset.angles': 3,
      [ATTR_NUMERICAL_NON_FINITE_COUNT]: 1,
    });
    const metric = (await telemetry.metrics()).get(METRIC_OPERATION_DURATION);
    const point = histogramPoint(metric, {
      [ATTR_OPERATION_NAME]: 'fit',
      [ATTR_OPTIMIZATION_METHOD]: 'wasserstein',
    });
    expect(point?.sum).toBeCloseTo(1.5, 12);
  });

  it('records failures with status and error.type', () => {
    const op = startOperation('fit', { coldStart: false });
    op.fail(new TypeError('bad input'));
    const span = telemetry.span('fit');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('TypeError');
  });

  it('ignores a second end and reports it', () => {
    const op = startOperation('fit');
    op.end();
    op.fail(new Error('late'));
    op.end();
    expect(telemetry.spans()).toHaveLength(1);
    expect(telemetry.span('fit').status.code).toBe(SpanStatusCode.UNSET);
    expect(diagnostics.messages.filter((m) => m.includes('already ended'))).toHaveLength(2);
  });

  it('records optimizer iterations with the semconv buckets', async () => {
    startOperation('fit', { optimizationMethod: 'nelder-mead' }).recordIterations(120).end();
    startOperation('fit', { optimizationMethod: 'nelder-mead' }).recordIterations(-3).end();
    const metric = (await telemetry.metrics()).get(METRIC_OPTIMIZATION_ITERATIONS);
    const point = histogramPoint(metric, {
      [ATTR_OPERATION_NAME]: 'fit',
      [ATTR_OPTIMIZATION_METHOD]: 'nelder-mead',
    });
    expect(point?.count).toBe(1);
    expect(point?.sum).toBe(120);
    expect(point?.buckets.boundaries).toEqual(ITERATION_BUCKETS);
  });

  it('makes work run through the handle a child of its span', async () => {
    const op = startOperation('parent');
    const child = monitorOperation(
      'child',
      async () => trace.getActiveSpan()?.spanContext().spanId,
    );
    const activeInChild = await op.run(() => child());
    op.end();
    const parent = telemetry.span('parent');
    expect(telemetry.span('child').parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(activeInChild).toBe(telemetry.span('child').spanContext().spanId);
    expect(trace.getSpan(op.context)?.spanContext().spanId).toBe(parent.spanContext().spanId);
  });

  it('is a child of the span active when it starts', () => {
    const outer = startOperation('outer');
    const inner = outer.run(() => startOperation('inner'));
    inner.end();
    outer.end();
    expect(telemetry.span('inner').parentSpanContext?.spanId).toBe(
      telemetry.span('outer').spanContext().spanId,
    );
  });

  it('throws for invalid options, naming the option', () => {
    expect(() => startOperation('fit', { sampleRate: 3, validate: () => true })).toThrow(
      'startOperation("fit"): options.sampleRate must be a number in [0, 1]; got 3',
    );
  });
});

describe('startOperation without an OpenTelemetry SDK', () => {
  it('hands out a working handle with a non-recording span', () => {
    const op = startOperation('fit');
    expect(op.span.isRecording()).toBe(false);
    expect(op.run(() => 4)).toBe(4);
    op.setAttribute('k', 1).recordIterations(3).end(5);
    expect(op.ended).toBe(true);
  });
});
