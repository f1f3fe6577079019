/**
 * A pass over a large protobuf request that counts its points and messages without
 * building anything, so a request over `maxPointsPerRequest` or `maxItemsPerRequest` is
 * refused before a single point object exists. Only the containers are entered (request →
 * resource → scope → metric → data kind); everything else is skipped by its length.
 *
 * Every counted message takes at least two bytes, so a request shorter than twice the
 * smaller limit cannot exceed either and is not scanned: ordinary requests pay nothing.
 * Malformed input ends the scan without a verdict; the decoder then reports it with its
 * path.
 */
import type { DecodeFailure } from './decode-failure.js';
import { countLimitFailure } from './decode-failure.js';
import type { DecodeLimits } from './limits.js';
import type { Signal } from './model.js';
import { WireReader } from './wire-reader.js';
import { WT_I32, WT_I64, WT_LEN, WT_VARINT } from './wire-types.js';

/** Field numbers of the metric data kinds (gauge, sum, histogram, exponential, summary). */
const METRIC_DATA_FIELDS = new Set([5, 7, 9, 10, 11]);

/** Thrown inside the scan when a count passes its limit. */
class OverLimit {
  constructor(readonly failure: DecodeFailure) {}
}

/**
 * The count-limit failure of a protobuf request of `signal`, or undefined when it is
 * within the limits, too short to exceed them, or malformed (left to the decoder).
 */
export function prescanProtobuf(
  signal: Signal,
  bytes: Uint8Array,
  limits: Readonly<DecodeLimits>,
): DecodeFailure | undefined {
  const maxPoints = limits.maxPointsPerRequest;
  const maxItems = limits.maxItemsPerRequest;
  if (bytes.length < 2 * Math.min(maxPoints, maxItems)) return undefined;
  const r = new WireReader(bytes, limits);
  let points = 0;
  let items = 0;
  const item = (): void => {
    if (++items > maxItems) {
      throw new OverLimit(countLimitFailure('maxItemsPerRequest', maxItems, 'messages'));
    }
  };
  const point = (): void => {
    if (++points > maxPoints) {
      throw new OverLimit(
        countLimitFailure('maxPointsPerRequest', maxPoints, 'data points, spans or log records'),
      );
    }
    item();
  };
  // Enters every length-delimited `field` of the current message, calling `inside` there.
  const each = (field: number, inside: (wanted: number) => void): void => {
    while (r.pos < r.limit) {
      const tag = r.tag();
      if (tag >>> 3 === field && (tag & 7) === WT_LEN) {
        const outer = r.limit;
        r.limit = r.lengthEnd();
        inside(tag >>> 3);
        r.pos = r.limit;
        r.limit = outer;
      } else skip(r, tag);
    }
  };
  const scope = (): void => {
    item();
    if (signal === 'metrics') {
      each(2, () => {
        item(); // a metric
        while (r.pos < r.limit) {
          const tag = r.tag();
          if (METRIC_DATA_FIELDS.has(tag >>> 3) && (tag & 7) === WT_LEN) {
            const outer = r.limit;
            r.limit = r.lengthEnd();
            each(1, point);
            r.pos = r.limit;
            r.limit = outer;
          } else skip(r, tag);
        }
      });
    } else {
      each(2, point); // spans or log records
    }
  };
  try {
    each(1, () => {
      item(); // a resource
      each(2, scope);
    });
    return undefined;
  } catch (error) {
    if (error instanceof OverLimit) return error.failure;
    return undefined; // malformed: the decoder says where
  }
}

/** Skips one field of a valid wire type; throws (ending the scan) on anything else. */
function skip(r: WireReader, tag: number): void {
  switch (tag & 7) {
    case WT_VARINT:
      r.uint64();
      return;
    case WT_I64:
      r.fixed64();
      return;
    case WT_LEN:
      r.pos = r.lengthEnd();
      return;
    case WT_I32:
      r.fixed32();
      return;
    default:
      throw new Error('group or invalid wire type');
  }
}
