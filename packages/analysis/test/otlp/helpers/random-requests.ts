/**
 * Seeded generators of model requests covering every metric kind, span and log record
 * shape and every attribute value type, for round-trip tests. Values are chosen so that
 * the wire can carry them exactly (integers as safe integers, ids as hex of the right
 * length, times as doubles that are exact integers).
 */
import type {
  AttributeValue,
  Attributes,
  InstrumentationScope,
  LogsRequest,
  Metric,
  MetricsRequest,
  Resource,
  Span,
  TracesRequest,
} from '../../../src/otlp/model.js';
import { seededRandom } from '../../helpers/seeded-random.js';

export class Gen {
  readonly rand: () => number;
  constructor(seed: number) {
    this.rand = seededRandom(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
  string(maxLength = 12): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz._-0123456789ABCDÉé→😀 ';
    let s = '';
    const n = this.int(0, maxLength);
    // Iterate code points so multi-unit characters stay whole.
    const chars = Array.from(alphabet);
    for (let i = 0; i < n; i++) s += this.pick(chars);
    return s;
  }
  hex(bytes: number): string {
    let s = '';
    for (let i = 0; i < bytes; i++) s += this.int(0, 255).toString(16).padStart(2, '0');
    return s;
  }
  /** A time in nanoseconds around now, rounded to a double like the decoders do. */
  time(): number {
    return Number(1_700_000_000_000_000_000n + BigInt(this.int(0, 2 ** 31)) * 1_000_003n);
  }
  double(): number {
    return this.pick([0.5, -1.25, 1e-9, 3.141592653589793, 1e300, -0, NaN, Infinity, 123.456]);
  }
  value(depth: number): AttributeValue {
    const kinds = depth < 3 ? 8 : 6;
    switch (this.int(0, kinds - 1)) {
      case 0:
        return this.string();
      case 1:
        return this.chance(0.5);
      case 2:
        return this.int(-1_000_000, 1_000_000) * (this.chance(0.2) ? 2 ** 21 : 1);
      case 3:
        return this.double();
      case 4:
        return new Uint8Array(Array.from({ length: this.int(0, 6) }, () => this.int(0, 255)));
      case 5:
        return null;
      case 6:
        return Array.from({ length: this.int(0, 3) }, () => this.value(depth + 1));
      default:
        return this.attributes(3, depth + 1);
    }
  }
  attributes(max: number, depth = 1): Attributes {
    const out: Attributes = {};
    const n = this.int(0, max);
    for (let i = 0; i < n; i++) out[`k${i}.${this.string(4)}`] = this.value(depth);
    return out;
  }
  resource(): Resource {
    return { attributes: this.attributes(4), droppedAttributesCount: this.int(0, 2) };
  }
  scope(): InstrumentationScope {
    return {
      name: this.string(),
      version: this.string(5),
      attributes: this.attributes(2),
      droppedAttributesCount: this.int(0, 1),
    };
  }
}

function base(g: Gen) {
  return {
    attributes: g.attributes(3),
    startTimeUnixNano: g.chance(0.2) ? 0 : g.time(),
    timeUnixNano: g.time(),
    flags: g.pick([0, 0, 1]),
  };
}

function optionalDouble(g: Gen): number | undefined {
  return g.chance(0.3) ? undefined : g.double();
}

/** A metric of a random kind. */
export function randomMetric(g: Gen): Metric {
  const name = g.string();
  const temporality = g.pick([1, 2] as const);
  const points = g.int(0, 3);
  const many = <T>(f: () => T): T[] => Array.from({ length: points }, f);
  const counts = (n: number) => Array.from({ length: n }, () => g.int(0, 2 ** 40));
  let data: Metric['data'];
  switch (g.int(0, 5)) {
    case 0:
      data = { type: 'gauge', points: many(() => numberPoint(g)) };
      break;
    case 1:
      data = {
        type: 'sum',
        points: many(() => numberPoint(g)),
        temporality,
        isMonotonic: g.chance(0.5),
      };
      break;
    case 2:
      data = {
        type: 'histogram',
        temporality,
        points: many(() => {
          const bounds = Array.from({ length: g.int(0, 5) }, (_, i) => i * 0.25);
          return {
            ...base(g),
            count: g.int(0, 10_000),
            sum: optionalDouble(g),
            bucketCounts: counts(bounds.length + (g.chance(0.9) ? 1 : 0)),
            explicitBounds: bounds,
            min: optionalDouble(g),
            max: optionalDouble(g),
          };
        }),
      };
      break;
    case 3:
      data = {
        type: 'exponentialHistogram',
        temporality,
        points: many(() => ({
          ...base(g),
          count: g.int(0, 10_000),
          sum: optionalDouble(g),
          scale: g.int(-10, 20),
          zeroCount: g.int(0, 5),
          positive: { offset: g.int(-300, 300), bucketCounts: counts(g.int(0, 8)) },
          negative: { offset: g.int(-300, 300), bucketCounts: counts(g.int(0, 3)) },
          min: optionalDouble(g),
          max: optionalDouble(g),
          zeroThreshold: g.pick([0, 1e-9]),
        })),
      };
      break;
    case 4:
      data = {
        type: 'summary',
        points: many(() => ({
          ...base(g),
          count: g.int(0, 10_000),
          sum: g.double(),
          quantileValues: [0, 0.5, 0.99, 1].map((quantile) => ({ quantile, value: g.double() })),
        })),
      };
      break;
    default:
      data = { type: 'empty' };
  }
  return {
    name,
    description: g.string(20),
    unit: g.pick(['', 's', 'By', '1', '{operation}']),
    data,
  };
}

function numberPoint(g: Gen) {
  const isInt = g.chance(0.5);
  const value = isInt ? g.int(-(2 ** 40), 2 ** 40) : g.double();
  return { ...base(g), value, isInt };
}

/** A metrics request with `resources` resources of random scopes and metrics. */
export function randomMetricsRequest(seed: number, resources = 2): MetricsRequest {
  const g = new Gen(seed);
  return {
    resourceMetrics: Array.from({ length: resources }, () => ({
      resource: g.resource(),
      schemaUrl: g.pick(['', 'https://opentelemetry.io/schemas/1.26.0']),
      scopeMetrics: Array.from({ length: g.int(1, 2) }, () => ({
        scope: g.scope(),
        schemaUrl: '',
        metrics: Array.from({ length: g.int(1, 6) }, () => randomMetric(g)),
      })),
    })),
  };
}

function randomSpan(g: Gen): Span {
  return {
    traceId: g.hex(16),
    spanId: g.hex(8),
    parentSpanId: g.chance(0.5) ? '' : g.hex(8),
    traceState: g.pick(['', 'vendor=value']),
    name: g.string(),
    kind: g.int(0, 5),
    startTimeUnixNano: g.time(),
    endTimeUnixNano: g.time(),
    attributes: g.attributes(4),
    eventsCount: g.int(0, 3),
    linksCount: g.int(0, 2),
    status: { code: g.int(0, 2), message: g.pick(['', 'failed']) },
  };
}

/** A traces request. */
export function randomTracesRequest(seed: number): TracesRequest {
  const g = new Gen(seed);
  return {
    resourceSpans: Array.from({ length: g.int(1, 2) }, () => ({
      resource: g.resource(),
      schemaUrl: '',
      scopeSpans: Array.from({ length: g.int(1, 2) }, () => ({
        scope: g.scope(),
        schemaUrl: g.pick(['', 'https://opentelemetry.io/schemas/1.26.0']),
        spans: Array.from({ length: g.int(0, 4) }, () => randomSpan(g)),
      })),
    })),
  };
}

/** A logs request. */
export function randomLogsRequest(seed: number): LogsRequest {
  const g = new Gen(seed);
  return {
    resourceLogs: Array.from({ length: g.int(1, 2) }, () => ({
      resource: g.resource(),
      schemaUrl: '',
      scopeLogs: Array.from({ length: g.int(1, 2) }, () => ({
        scope: g.scope(),
        schemaUrl: '',
        logRecords: Array.from({ length: g.int(0, 4) }, () => ({
          timeUnixNano: g.chance(0.2) ? 0 : g.time(),
          observedTimeUnixNano: g.time(),
          severityNumber: g.int(0, 24),
          severityText: g.pick(['', 'INFO', 'ERROR']),
          body: g.value(1),
          attributes: g.attributes(4),
          traceId: g.chance(0.5) ? '' : g.hex(16),
          spanId: g.chance(0.5) ? '' : g.hex(8),
          flags: g.pick([0, 1]),
          eventName: g.pick(['', 'heterodyne.fit.done']),
        })),
      })),
    })),
  };
}
