/**
 * Request-wide count limits of the OTLP/JSON decoders, checked before the model is built:
 * the objects of the body before `JSON.parse` (`maxItemsPerRequest`), the points of the
 * parsed request before its points are read (`maxPointsPerRequest`).
 */
import type { DecodeFailure } from './decode-failure.js';
import { countLimitFailure } from './decode-failure.js';
import type { DecodeLimits } from './limits.js';
import type { Signal } from './model.js';
import type { JsonObject } from './json-values.js';

const OPEN_BRACE = 0x7b;

/**
 * Fails when the body holds more than `maxItemsPerRequest` JSON objects. A body shorter
 * than the limit cannot hold more (an object takes at least one `{`) and is not scanned.
 * Otherwise `{` bytes are counted in one pass that stops at the first past the limit; only
 * a body over the limit by that count is scanned again exactly (braces inside strings not
 * counted), so a string holding braces is never refused for them.
 */
export function checkJsonObjectCount(
  body: string | Uint8Array,
  limits: Readonly<DecodeLimits>,
): DecodeFailure | undefined {
  const max = limits.maxItemsPerRequest;
  if (body.length <= max) return undefined;
  if (!moreBracesThan(body, max)) return undefined;
  if (!moreObjectsThan(body, max)) return undefined;
  return countLimitFailure('maxItemsPerRequest', max, 'JSON objects');
}

function moreBracesThan(body: string | Uint8Array, max: number): boolean {
  let n = 0;
  if (typeof body === 'string') {
    for (let i = 0; i < body.length; i++) {
      if (body.charCodeAt(i) === OPEN_BRACE && ++n > max) return true;
    }
  } else {
    for (let i = 0; i < body.length; i++) {
      if (body[i] === OPEN_BRACE && ++n > max) return true;
    }
  }
  return false;
}

function moreObjectsThan(body: string | Uint8Array, max: number): boolean {
  const at: (i: number) => number =
    typeof body === 'string' ? (i) => body.charCodeAt(i) : (i) => body[i]!;
  let n = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === OPEN_BRACE && ++n > max) return true;
  }
  return false;
}

/** The path from a request's top to its repeated points, per signal (JSON field names). */
const POINT_PATHS: Readonly<Record<Signal, readonly string[]>> = {
  metrics: ['resourceMetrics', 'scopeMetrics', 'metrics'],
  traces: ['resourceSpans', 'scopeSpans', 'spans'],
  logs: ['resourceLogs', 'scopeLogs', 'logRecords'],
};

const METRIC_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/**
 * Fails when a parsed request holds more than `maxPointsPerRequest` data points, spans or
 * log records. Walks the containers only (one step per resource, scope and metric) and
 * ignores malformed parts: the decoder reports those with their paths.
 */
export function checkJsonPointCount(
  signal: Signal,
  request: JsonObject,
  limits: Readonly<DecodeLimits>,
): DecodeFailure | undefined {
  const [top, middle, leaf] = POINT_PATHS[signal];
  let points = 0;
  for (const outer of arrayAt(request, top!)) {
    for (const inner of arrayAt(outer, middle!)) {
      const items = arrayAt(inner, leaf!);
      if (signal !== 'metrics') {
        points += items.length;
        continue;
      }
      for (const metric of items) {
        if (typeof metric !== 'object' || metric === null) continue;
        for (const kind of METRIC_KINDS) {
          points += arrayAt((metric as JsonObject)[kind], 'dataPoints').length;
        }
      }
    }
  }
  const max = limits.maxPointsPerRequest;
  if (points <= max) return undefined;
  return countLimitFailure('maxPointsPerRequest', max, 'data points, spans or log records');
}

const NONE: readonly unknown[] = [];

function arrayAt(obj: unknown, key: string): readonly unknown[] {
  if (typeof obj !== 'object' || obj === null) return NONE;
  const value = (obj as JsonObject)[key];
  return Array.isArray(value) ? value : NONE;
}
