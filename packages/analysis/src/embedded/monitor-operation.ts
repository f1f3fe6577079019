/**
 * One monitored operation of the embedded monitor: a span named after the operation, carrying
 * the `heterodyne.*` attributes from which the pipeline derives the operation metrics
 * (`heterodyne.operation.duration`, accuracy checks and violations), exactly as it does for
 * spans arriving over OTLP.
 */
import {
  ATTR_ACCURACY_ACHIEVED,
  ATTR_ACCURACY_EXPECTED,
  ATTR_ERROR_TYPE,
  ATTR_OPERATION_NAME,
} from '@heterodyne/semconv';
import { SpanStatusCode } from '@opentelemetry/api';
import type { AttributeValue, Attributes, Span, Tracer } from '@opentelemetry/api';

/** Options of a monitored operation. */
export interface MonitorOperationOptions {
  /**
   * The accuracy the operation must reach (a ratio, e.g. 0.999); with
   * {@link MonitoredOperation.recordAccuracy} it counts towards `accuracy_preservation`.
   */
  expectedAccuracy?: number;
  /** More span attributes (optimization method, dataset size, ...). */
  attributes?: Attributes;
}

/** What the operation's function gets. */
export interface MonitoredOperation {
  /** The operation's span. */
  readonly span: Span;
  /** Records the accuracy achieved (a ratio in [0, 1]); non-finite values are ignored. */
  recordAccuracy(achieved: number): void;
  /** Sets a span attribute. */
  setAttribute(key: string, value: AttributeValue): void;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function fail(span: Span, error: unknown): void {
  const type = error instanceof Error ? error.name || 'Error' : typeof error;
  span.setAttribute(ATTR_ERROR_TYPE, type);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
  span.end();
}

/**
 * Runs `fn` inside the active span `name` of `tracer`. Validates `name` and
 * `expectedAccuracy` (a `TypeError`/`RangeError` naming them); after that, returns and throws
 * exactly what `fn` does.
 */
export function runOperation<T>(
  tracer: Tracer,
  name: string,
  fn: (operation: MonitoredOperation) => T,
  options: MonitorOperationOptions,
): T {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(
      `monitorOperation: name must be a non-empty string, got ${JSON.stringify(name)}`,
    );
  }
  if (typeof fn !== 'function') {
    throw new TypeError(`monitorOperation(${JSON.stringify(name)}): fn must be a function`);
  }
  const expected = options.expectedAccuracy;
  if (expected !== undefined && !(Number.isFinite(expected) && expected >= 0 && expected <= 1)) {
    throw new RangeError(
      `monitorOperation(${JSON.stringify(name)}): expectedAccuracy must be a ratio in [0, 1], got ${String(expected)}`,
    );
  }
  const attributes: Attributes = { ...options.attributes, [ATTR_OPERATION_NAME]: name };
  if (expected !== undefined) attributes[ATTR_ACCURACY_EXPECTED] = expected;
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    const operation: MonitoredOperation = {
      span,
      recordAccuracy(achieved) {
        if (Number.isFinite(achieved)) span.setAttribute(ATTR_ACCURACY_ACHIEVED, achieved);
      },
      setAttribute: (key, value) => void span.setAttribute(key, value),
    };
    let result: T;
    try {
      result = fn(operation);
    } catch (error) {
      fail(span, error);
      throw error;
    }
    if (!isThenable(result)) {
      span.end();
      return result;
    }
    return result.then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        fail(span, error);
        throw error;
      },
    ) as T;
  });
}
