import { ATTR_OPERATION_NAME, ATTR_OPTIMIZATION_METHOD } from '@heterodyne/semconv';
import { INVALID_SPAN_CONTEXT, context, trace } from '@opentelemetry/api';
import type { Attributes, AttributeValue, Context, Span } from '@opentelemetry/api';
import { reportDropped, reportInternalError } from '../internal/diag.js';
import type { OperationHandle, OperationOptions, StartOperationOptions } from '../types.js';
import { beginCall, failCall, succeedCall } from './call.js';
import type { Call } from './call.js';
import { createOperation } from './operation.js';
import type { Operation } from './operation.js';

const NON_RECORDING_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

class RunningOperation implements OperationHandle {
  private readonly _op: Operation;
  private readonly _call: Call;

  constructor(op: Operation, call: Call) {
    this._op = op;
    this._call = call;
  }

  get span(): Span {
    return this._call.span ?? NON_RECORDING_SPAN;
  }

  get context(): Context {
    return this._call.context ?? context.active();
  }

  get ended(): boolean {
    return this._call.ended;
  }

  setAttribute(key: string, value: AttributeValue): this {
    try {
      this._call.span?.setAttribute(key, value);
    } catch (error) {
      reportInternalError(`${this._op.name}: setAttribute`, error);
    }
    return this;
  }

  setAttributes(attributes: Attributes): this {
    try {
      this._call.span?.setAttributes(attributes);
    } catch (error) {
      reportInternalError(`${this._op.name}: setAttributes`, error);
    }
    return this;
  }

  recordIterations(count: number): this {
    try {
      const histogram = this._call.instruments?.optimizationIterations;
      if (histogram === undefined) return this;
      if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
        reportDropped(`${this._op.name}: iterations`, `not a finite count >= 0 (${String(count)})`);
        return this;
      }
      const method = this._op.config.optimizationMethod;
      const attributes: Attributes = { [ATTR_OPERATION_NAME]: this._op.name };
      if (method !== undefined) attributes[ATTR_OPTIMIZATION_METHOD] = method;
      histogram.record(count, attributes);
    } catch (error) {
      reportInternalError(`${this._op.name}: recordIterations`, error);
    }
    return this;
  }

  run<T>(fn: () => T): T {
    const ctx = this._call.context;
    return ctx === undefined ? fn() : context.with(ctx, fn);
  }

  end(...result: [unknown?]): void {
    succeedCall(this._op, this._call, result[0], result.length > 0, undefined, []);
  }

  fail(error: unknown): void {
    failCall(this._op, this._call, error);
  }
}

/**
 * Starts the monitored operation `name` and returns its handle, for code that cannot be
 * wrapped in one function (work spread over callbacks or events). The span starts as a
 * child of the active span; use `handle.run(fn)` or `handle.context` to make later work its
 * child. End it once with `handle.end(result?)` or `handle.fail(error)`.
 *
 * `options` are those of `monitorOperation`, except that `reference` takes no arguments.
 * Invalid options throw, naming the option; nothing else does. Cold starts are tracked per
 * operation name.
 *
 * @example
 * const op = startOperation('robust_optimization', { optimizationMethod: 'wasserstein' });
 * solver.on('done', (fit) => op.recordIterations(fit.iterations).end(fit.parameters));
 * solver.on('error', (error) => op.fail(error));
 */
export function startOperation<R = unknown>(
  name: string,
  options?: StartOperationOptions<R>,
): OperationHandle {
  const op = createOperation('startOperation', name, options as OperationOptions<never>, 'name');
  return new RunningOperation(op, beginCall(op, op.source.resolve()));
}
