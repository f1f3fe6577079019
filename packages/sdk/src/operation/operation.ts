import {
  ATTR_ACCURACY_EXPECTED,
  ATTR_ACCURACY_METHOD,
  ATTR_ACCURACY_PRESERVED,
  ATTR_JIT_COLD_START,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
} from '@heterodyne/semconv';
import type { Attributes, SpanOptions } from '@opentelemetry/api';
import { resolveOperationConfig } from '../config.js';
import type { OperationConfig } from '../config.js';
import { telemetrySourceFor } from '../telemetry/telemetry-source.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import type { OperationOptions } from '../types.js';
import { ColdStartTracker } from './cold-start.js';

/**
 * Everything a monitored operation needs per call, computed once: validated options, where
 * telemetry goes, cold-start state and the attribute sets (shared, never mutated, so the
 * hot path allocates none).
 */
export class Operation {
  readonly name: string;
  readonly config: OperationConfig;
  readonly source: TelemetrySource;
  /** Cleared when detection is done, so the hot path tests one field. */
  coldStart: ColdStartTracker | undefined;
  readonly spanOptions: SpanOptions;
  readonly coldSpanOptions: SpanOptions;
  /** Operation name and optimization method: the duration histogram's attributes. */
  readonly metricAttributes: Attributes;
  readonly coldMetricAttributes: Attributes;
  /** Operation name only. */
  readonly nameAttributes: Attributes;
  /** Operation name and accuracy method. */
  readonly accuracyAttributes: Attributes;
  readonly preservedAttributes: Attributes;
  readonly violatedAttributes: Attributes;

  constructor(config: OperationConfig, coldStart: ColdStartTracker | undefined) {
    this.name = config.name;
    this.config = config;
    this.source = telemetrySourceFor(config.tracerProvider, config.meterProvider);
    this.coldStart = coldStart;
    this.nameAttributes = { [ATTR_OPERATION_NAME]: config.name };
    this.metricAttributes =
      config.optimizationMethod === undefined
        ? this.nameAttributes
        : { ...this.nameAttributes, [ATTR_OPTIMIZATION_METHOD]: config.optimizationMethod };
    this.coldMetricAttributes = { ...this.metricAttributes, [ATTR_JIT_COLD_START]: true };
    const spanAttributes: Attributes = { ...config.attributes, ...this.metricAttributes };
    const expected = config.accuracy?.expected ?? config.expectedAccuracy;
    if (expected !== undefined) spanAttributes[ATTR_ACCURACY_EXPECTED] = expected;
    this.spanOptions = { attributes: spanAttributes };
    this.coldSpanOptions = { attributes: { ...spanAttributes, [ATTR_JIT_COLD_START]: true } };
    const method = config.accuracy?.check.method ?? '';
    this.accuracyAttributes = { ...this.nameAttributes, [ATTR_ACCURACY_METHOD]: method };
    this.preservedAttributes = { ...this.accuracyAttributes, [ATTR_ACCURACY_PRESERVED]: true };
    this.violatedAttributes = { ...this.accuracyAttributes, [ATTR_ACCURACY_PRESERVED]: false };
  }
}

/** Most operation names whose cold start is tracked by name; later names are not tracked. */
export const MAX_TRACKED_NAMES = 1000;

const trackersByName = new Map<string, ColdStartTracker>();

/** Forgets the per-name cold-start state. For tests. */
export function resetNamedColdStarts(): void {
  trackersByName.clear();
}

function trackerForName(name: string, warmCalls: number): ColdStartTracker | undefined {
  let tracker = trackersByName.get(name);
  if (tracker === undefined && trackersByName.size < MAX_TRACKED_NAMES) {
    tracker = new ColdStartTracker(warmCalls);
    trackersByName.set(name, tracker);
  }
  return tracker !== undefined && !tracker.done ? tracker : undefined;
}

/**
 * Validates options (throwing on invalid ones) and builds an operation. `trackBy` says whose
 * first call is the cold one: the operation object's own (a wrapped function), or the first
 * of all operations with this name (the run-now forms, which build an operation per call).
 */
export function createOperation(
  api: string,
  name: unknown,
  options: OperationOptions<never, never[]> | undefined,
  trackBy: 'operation' | 'name' = 'operation',
): Operation {
  const config = resolveOperationConfig(api, name, options);
  let tracker: ColdStartTracker | undefined;
  if (config.warmCalls !== undefined) {
    tracker =
      trackBy === 'name'
        ? trackerForName(config.name, config.warmCalls)
        : new ColdStartTracker(config.warmCalls);
  }
  return new Operation(config, tracker);
}
