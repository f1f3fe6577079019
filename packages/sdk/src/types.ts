import type {
  Attributes,
  AttributeValue,
  Context,
  MeterProvider,
  Span,
  TracerProvider,
} from '@opentelemetry/api';
import type { ScanLimits } from './numeric/scan-limits.js';

/**
 * Options of a monitored operation: `monitorOperation`, `startOperation`, `@monitored` and
 * the auto-instrumentation all take these.
 *
 * Accuracy is measured, never echoed: `expectedAccuracy` alone only records what the caller
 * requires; an achieved accuracy is recorded only with one of `reference`, `accuracy` or
 * `validate`. Giving more than one of them throws.
 *
 * @typeParam R - the operation's result (for async functions, the resolved value).
 * @typeParam A - the operation's arguments, passed to `reference`.
 */
export interface OperationOptions<R = unknown, A extends readonly unknown[] = never[]> {
  /**
   * Accuracy the caller requires, in [0, 1]. Recorded on the span; with a measuring option,
   * a call whose achieved accuracy is below it counts as a violation.
   * @default 0.999 when `reference`, `accuracy` or `validate` is given, otherwise not recorded
   */
  readonly expectedAccuracy?: number;
  /**
   * Shadow verification: a trusted (typically slower) implementation, called on a sampled
   * fraction of calls with the same `this` and arguments after the operation returned. Its
   * result is compared element-wise with the operation's (see `tolerance`); the achieved
   * accuracy is the fraction of elements within tolerance. It may return a promise.
   * Operations that mutate their arguments should use `accuracy` instead.
   */
  reference?(...args: A): unknown;
  /**
   * A user measure of the result's accuracy, returning a number in [0, 1] (or a promise of
   * one). Values outside [0, 1] are reported through `diag` and dropped.
   */
  accuracy?(result: R): number | PromiseLike<number>;
  /**
   * A pass/fail check of the result (or a promise of one): `true` records accuracy 1,
   * `false` records 0.
   */
  validate?(result: R): boolean | PromiseLike<boolean>;
  /**
   * Element-wise tolerance of the `reference` comparison: elements match when
   * `|actual - reference| <= absolute + relative * |reference|`. Only with `reference`.
   * @default { relative: 1e-9, absolute: 0 }
   */
  readonly tolerance?: {
    /** Relative tolerance. @default 1e-9 */
    readonly relative?: number;
    /** Absolute tolerance. @default 0 */
    readonly absolute?: number;
  };
  /**
   * Fraction of calls, in [0, 1], whose accuracy is checked. `1` checks every call, `0` none.
   * Only with `reference`, `accuracy` or `validate`.
   * @default 0.05 with `reference` (it re-runs the computation), 1 otherwise
   */
  readonly sampleRate?: number;
  /**
   * Source of uniform numbers in [0, 1) for the sampling decision; a call is checked when
   * `random() < sampleRate`. Inject a seeded generator for reproducible sampling.
   * @default Math.random
   */
  readonly random?: () => number;
  /** Bounds on walking results for the non-finite scan and the `reference` comparison. */
  readonly limits?: ScanLimits;
  /**
   * Count NaN and infinite values in each result (see `limits`).
   * @default true
   */
  readonly nonFinite?: boolean;
  /**
   * Cold-start detection. The first call is marked as a cold start; once `warmCalls` later
   * calls (started after it finished, and successful) have completed, the first call's
   * duration above their median is recorded as compilation time.
   * `false` disables it.
   * @default { warmCalls: 5 }
   */
  readonly coldStart?: boolean | { readonly warmCalls?: number };
  /**
   * Whether each call is a span. `false` records the metrics only (duration histogram,
   * accuracy, non-finite counts, cold start): for hot inner calls, such as a model evaluated
   * hundreds of times per fit, whose spans would swamp the trace. Calls inside it then
   * become children of the enclosing span.
   * @default true
   */
  readonly spans?: boolean;
  /**
   * Optimization method (`nelder-mead`, `wasserstein`, ...), recorded on the span and the
   * duration histogram.
   */
  readonly optimizationMethod?: string;
  /** Extra span attributes set on every call's span (not on metrics: keep those bounded). */
  readonly attributes?: Attributes;
  /**
   * Tracer provider to record spans with.
   * @default the global provider, followed as it changes
   */
  readonly tracerProvider?: TracerProvider;
  /**
   * Meter provider to record metrics with.
   * @default the global provider, followed as it changes
   */
  readonly meterProvider?: MeterProvider;
}

/** Options of {@link OperationHandle}-based operations: `reference` takes no arguments. */
export type StartOperationOptions<R = unknown> = OperationOptions<R, []>;

/**
 * A running operation started with `startOperation`, for code that cannot be wrapped in a
 * function. End it exactly once, with `end()` or `fail()`; later calls are ignored.
 */
export interface OperationHandle {
  /** The operation's span (a non-recording span when tracing is off). */
  readonly span: Span;
  /** A context with the operation's span active, for starting child operations. */
  readonly context: Context;
  /** True once `end()` or `fail()` was called. */
  readonly ended: boolean;
  /** Sets a span attribute. */
  setAttribute(key: string, value: AttributeValue): this;
  /** Sets span attributes. */
  setAttributes(attributes: Attributes): this;
  /**
   * Records how many iterations an optimizer ran in this operation
   * (`heterodyne.optimization.iterations`). Negative or non-finite counts are dropped.
   */
  recordIterations(count: number): this;
  /** Runs `fn` with this operation's span active, so operations inside it become children. */
  run<T>(fn: () => T): T;
  /**
   * Ends the operation successfully. With a `result`, its non-finite values are counted and
   * its accuracy is checked as configured.
   */
  end(result?: unknown): void;
  /** Ends the operation as failed with `error` (span status, exception event, `error.type`). */
  fail(error: unknown): void;
}
