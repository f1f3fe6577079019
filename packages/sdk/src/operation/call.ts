import { ATTR_ERROR_TYPE, ATTR_NUMERICAL_NON_FINITE_COUNT } from '@heterodyne/semconv';
import { SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { checkAccuracy } from '../accuracy/accuracy-check.js';
import { clock } from '../internal/clock.js';
import { logger, reportDropped, reportInternalError } from '../internal/diag.js';
import { asException, errorMessage, errorType } from '../internal/error-type.js';
import { countNonFinite } from '../numeric/non-finite.js';
import type { Instruments } from '../telemetry/instruments.js';
import type { ActiveTelemetry } from '../telemetry/telemetry-source.js';
import { ColdRole } from './cold-start.js';
import type { Operation } from './operation.js';

/** One call of an operation, from start to end. */
export class Call {
  span: Span | undefined = undefined;
  /** The parent context with `span` set; undefined when tracing is off. */
  context: Context | undefined = undefined;
  instruments: Instruments | undefined = undefined;
  role: ColdRole = ColdRole.None;
  startMillis = 0;
  ended = false;
}

/** Starts a call: span (child of the active context) and start time. Never throws. */
export function beginCall(op: Operation, active: ActiveTelemetry | undefined): Call {
  const call = new Call();
  try {
    const tracker = op.coldStart;
    if (tracker !== undefined) call.role = tracker.begin();
    if (active !== undefined) {
      call.instruments = active.instruments;
      const tracer = active.tracer;
      if (tracer !== undefined && op.config.spans) {
        const parent = context.active();
        const span = tracer.startSpan(
          op.name,
          call.role === ColdRole.Cold ? op.coldSpanOptions : op.spanOptions,
          parent,
        );
        call.span = span;
        call.context = trace.setSpan(parent, span);
      }
    }
  } catch (error) {
    reportInternalError(`${op.name}: starting the span`, error);
  }
  call.startMillis = clock.now();
  return call;
}

function elapsedSeconds(op: Operation, call: Call): number | undefined {
  const seconds = (clock.now() - call.startMillis) / 1000;
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  reportDropped(`${op.name}: duration`, `not a finite non-negative number (${seconds})`);
  return undefined;
}

function settleColdStart(
  op: Operation,
  call: Call,
  seconds: number | undefined,
  ok: boolean,
): void {
  const tracker = op.coldStart;
  if (tracker === undefined || call.role === ColdRole.None) return;
  const overhead = tracker.complete(call.role, seconds ?? Number.NaN, ok);
  if (tracker.done) op.coldStart = undefined;
  if (overhead !== undefined && overhead > 0) {
    call.instruments?.compilationDuration.record(overhead, op.nameAttributes);
  }
}

function alreadyEnded(op: Operation, call: Call): boolean {
  if (!call.ended) {
    call.ended = true;
    return false;
  }
  logger.warn(`${op.name}: the operation was already ended; ignoring a second end`);
  return true;
}

function endSpanSafely(span: Span | undefined): void {
  try {
    span?.end();
  } catch (error) {
    reportInternalError('span.end', error);
  }
}

/**
 * Ends a call that returned `result` (`hasResult` false when there is none to inspect):
 * duration, cold-start, non-finite count, accuracy. Never throws.
 */
export function succeedCall(
  op: Operation,
  call: Call,
  result: unknown,
  hasResult: boolean,
  thisArg: unknown,
  args: readonly unknown[],
): void {
  if (alreadyEnded(op, call)) return;
  const seconds = elapsedSeconds(op, call);
  const { span, instruments } = call;
  try {
    settleColdStart(op, call, seconds, true);
    if (span === undefined && instruments === undefined) return;
    if (hasResult && op.config.nonFinite) {
      const count = countNonFinite(result, op.config.limits);
      if (count > 0) {
        span?.setAttribute(ATTR_NUMERICAL_NON_FINITE_COUNT, count);
        instruments?.nonFiniteValues.add(count, op.nameAttributes);
      }
    }
    if (seconds !== undefined) {
      instruments?.operationDuration.record(
        seconds,
        call.role === ColdRole.Cold ? op.coldMetricAttributes : op.metricAttributes,
      );
    }
    // A sampled accuracy check takes over ending the span, possibly after a promise settles.
    if (
      hasResult &&
      op.config.accuracy !== undefined &&
      checkAccuracy(op, call, result, thisArg, args)
    ) {
      return;
    }
  } catch (error) {
    reportInternalError(`${op.name}: recording the result`, error);
  }
  endSpanSafely(span);
}

/** Ends a call that threw or rejected with `error`. Never throws. */
export function failCall(op: Operation, call: Call, error: unknown): void {
  if (alreadyEnded(op, call)) return;
  const seconds = elapsedSeconds(op, call);
  const { span, instruments } = call;
  try {
    settleColdStart(op, call, seconds, false);
    if (span === undefined && instruments === undefined) return;
    const type = errorType(error);
    if (span !== undefined) {
      span.recordException(asException(error));
      span.setAttribute(ATTR_ERROR_TYPE, type);
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    }
    if (seconds !== undefined) {
      const base = call.role === ColdRole.Cold ? op.coldMetricAttributes : op.metricAttributes;
      instruments?.operationDuration.record(seconds, { ...base, [ATTR_ERROR_TYPE]: type });
    }
  } catch (failure) {
    reportInternalError(`${op.name}: recording the error`, failure);
  }
  endSpanSafely(span);
}
