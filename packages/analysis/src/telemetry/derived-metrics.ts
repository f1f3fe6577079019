/**
 * Derived metrics: what the engines compute (SLI values, error budgets, burn rates, anomaly
 * scores, ...) leaves through the same exporters as the service's own metrics. An engine
 * either registers an observable gauge read from its latest results at each collection, or
 * creates any other instrument on {@link DerivedMetrics.meter}.
 */
import type { Attributes, Meter, ObservableGauge, ObservableResult } from '@opentelemetry/api';

/** Describes a derived gauge. */
export interface DerivedGaugeOptions {
  /** Metric name, under `heterodyne.` (OTel instrument-name syntax). */
  name: string;
  description: string;
  /** UCUM unit (`s`, `1`, `{alert}`). */
  unit: string;
}

/** Reports the current values at one collection: `observe(value, attributes)` per series. */
export type DerivedGaugeCallback = (
  observe: (value: number, attributes?: Attributes) => void,
) => void;

/** Registers the engines' derived metrics. */
export interface DerivedMetrics {
  /** The meter of derived metrics, for counters and histograms. */
  readonly meter: Meter;
  /**
   * Registers a gauge whose values `callback` reports at each collection; returns a function
   * that unregisters it. Throws when the name is invalid or already registered with a
   * different description or unit (invalid explicit configuration).
   */
  registerGauge(options: DerivedGaugeOptions, callback: DerivedGaugeCallback): () => void;
}

/** OTel instrument-name syntax, restricted to our namespace. */
const DERIVED_NAME = /^heterodyne\.[A-Za-z0-9_./-]{1,244}$/;

interface Registered {
  gauge: ObservableGauge;
  description: string;
  unit: string;
}

/** Creates the registry on `meter`. */
export function createDerivedMetrics(meter: Meter): DerivedMetrics {
  const gauges = new Map<string, Registered>();
  return {
    meter,
    registerGauge(options, callback) {
      if (!DERIVED_NAME.test(options.name)) {
        throw new Error(
          `registerGauge: "${options.name}" is not a derived metric name (heterodyne.<segments>, letters, digits, _ . / -)`,
        );
      }
      let entry = gauges.get(options.name);
      if (entry && (entry.description !== options.description || entry.unit !== options.unit)) {
        throw new Error(
          `registerGauge: ${options.name} is already registered with another description or unit`,
        );
      }
      if (!entry) {
        const gauge = meter.createObservableGauge(options.name, {
          description: options.description,
          unit: options.unit,
        });
        entry = { gauge, description: options.description, unit: options.unit };
        gauges.set(options.name, entry);
      }
      const registered = entry;
      const observer = (result: ObservableResult): void => {
        callback((value, attributes) => result.observe(value, attributes));
      };
      registered.gauge.addCallback(observer);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        registered.gauge.removeCallback(observer);
      };
    },
  };
}
