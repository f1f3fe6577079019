import { ProxyTracerProvider, createNoopMeter, metrics, trace } from '@opentelemetry/api';
import type { MeterProvider, Tracer, TracerProvider } from '@opentelemetry/api';
import { reportInternalError } from '../internal/diag.js';
import { SCOPE_NAME, VERSION } from '../version.js';
import { getInstruments } from './instruments.js';
import type { Instruments } from './instruments.js';

/** What a call records with. Either part is absent when its provider is a no-op. */
export interface ActiveTelemetry {
  readonly tracer: Tracer | undefined;
  readonly instruments: Instruments | undefined;
}

// The API's no-op objects are not exported; these reach them through public entry points.
const NOOP_TRACER_PROVIDER: TracerProvider = new ProxyTracerProvider().getDelegate();
const NOOP_TRACER_CLASS: unknown = NOOP_TRACER_PROVIDER.getTracer(SCOPE_NAME).constructor;
const NOOP_METER = createNoopMeter();

/**
 * Resolves the tracer and instruments to record with, cheaply enough to run on every call.
 *
 * Without explicit providers it follows the globals: `trace.getTracerProvider()` is always
 * the API's proxy, whose delegate changes when an SDK registers; `metrics.getMeterProvider()`
 * is the registered provider or the API's no-op. Each call compares those two identities with
 * the last ones seen and rebuilds only on change, so an SDK registered after instrumentation
 * is picked up, and with no SDK registered `resolve()` returns `undefined` after two global
 * look-ups: callers take that as "skip all telemetry work".
 */
export class TelemetrySource {
  private readonly _tracerProvider: TracerProvider | undefined;
  private readonly _meterProvider: MeterProvider | undefined;
  private _lastTracerProvider: TracerProvider | undefined = undefined;
  private _lastMeterProvider: MeterProvider | undefined = undefined;
  private _active: ActiveTelemetry | undefined = undefined;

  constructor(tracerProvider?: TracerProvider, meterProvider?: MeterProvider) {
    this._tracerProvider = tracerProvider;
    this._meterProvider = meterProvider;
  }

  /** The telemetry to record with now, or `undefined` when both providers are no-ops. */
  resolve(): ActiveTelemetry | undefined {
    let tracerProvider = this._tracerProvider ?? trace.getTracerProvider();
    if (tracerProvider instanceof ProxyTracerProvider) {
      tracerProvider = tracerProvider.getDelegate();
    }
    const meterProvider = this._meterProvider ?? metrics.getMeterProvider();
    if (tracerProvider !== this._lastTracerProvider || meterProvider !== this._lastMeterProvider) {
      this._refresh(tracerProvider, meterProvider);
    }
    return this._active;
  }

  private _refresh(tracerProvider: TracerProvider, meterProvider: MeterProvider): void {
    this._lastTracerProvider = tracerProvider;
    this._lastMeterProvider = meterProvider;
    let tracer: Tracer | undefined;
    let instruments: Instruments | undefined;
    try {
      if (tracerProvider !== NOOP_TRACER_PROVIDER) {
        tracer = tracerProvider.getTracer(SCOPE_NAME, VERSION);
        if (tracer.constructor === NOOP_TRACER_CLASS) tracer = undefined;
      }
    } catch (error) {
      reportInternalError('getTracer', error);
    }
    try {
      const meter = meterProvider.getMeter(SCOPE_NAME, VERSION);
      if (meter !== NOOP_METER) instruments = getInstruments(meter);
    } catch (error) {
      reportInternalError('getMeter', error);
    }
    this._active =
      tracer === undefined && instruments === undefined ? undefined : { tracer, instruments };
  }
}

/** The source every instrument uses unless given explicit providers. */
export const GLOBAL_TELEMETRY = new TelemetrySource();

/** The global source, or a dedicated one when explicit providers are given. */
export function telemetrySourceFor(
  tracerProvider: TracerProvider | undefined,
  meterProvider: MeterProvider | undefined,
): TelemetrySource {
  if (tracerProvider === undefined && meterProvider === undefined) return GLOBAL_TELEMETRY;
  return new TelemetrySource(tracerProvider, meterProvider);
}
