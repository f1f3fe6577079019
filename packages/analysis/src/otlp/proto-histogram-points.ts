/**
 * Protobuf decoding of `HistogramDataPoint` and `ExponentialHistogramDataPoint`
 * (opentelemetry/proto/metrics/v1, v1.x field numbers).
 */
import { locate } from './decode-failure.js';
import type {
  Attributes,
  ExponentialBuckets,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
} from './model.js';
import { checkAttributeCount, readKeyValue } from './proto-common.js';
import type { WireReader } from './wire-reader.js';
import { packedFixed64, packedUint64, sharedPackedDouble } from './wire-packed.js';
import { WT_I64, WT_LEN, WT_VARINT, fieldName, fieldTable } from './wire-types.js';

const HISTOGRAM_POINT = fieldTable({
  2: ['start_time_unix_nano', WT_I64],
  3: ['time_unix_nano', WT_I64],
  4: ['count', WT_I64],
  5: ['sum', WT_I64],
  6: ['bucket_counts', WT_LEN],
  7: ['explicit_bounds', WT_LEN],
  8: ['exemplars', WT_LEN],
  9: ['attributes', WT_LEN],
  10: ['flags', WT_VARINT],
  11: ['min', WT_I64],
  12: ['max', WT_I64],
});

const EXPONENTIAL_POINT = fieldTable({
  1: ['attributes', WT_LEN],
  2: ['start_time_unix_nano', WT_I64],
  3: ['time_unix_nano', WT_I64],
  4: ['count', WT_I64],
  5: ['sum', WT_I64],
  6: ['scale', WT_VARINT],
  7: ['zero_count', WT_I64],
  8: ['positive', WT_LEN],
  9: ['negative', WT_LEN],
  10: ['flags', WT_VARINT],
  11: ['exemplars', WT_LEN],
  12: ['min', WT_I64],
  13: ['max', WT_I64],
  14: ['zero_threshold', WT_I64],
});
const BUCKETS = fieldTable({ 1: ['offset', WT_VARINT], 2: ['bucket_counts', WT_LEN] });
/** Reads one `HistogramDataPoint` (the tag is already read). */
export function readHistogramPoint(r: WireReader): HistogramDataPoint {
  const outer = r.enter();
  const attributes: Attributes = {};
  let count = 0;
  let start = 0;
  let time = 0;
  let total = 0;
  let sum: number | undefined;
  const bucketCounts: number[] = [];
  let explicitBounds: number[] | undefined;
  let boundsOwned = false;
  let min: number | undefined;
  let max: number | undefined;
  let flags = 0;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      switch (tag) {
        case 0x4a: // 9 attributes
          checkAttributeCount(r, count);
          readKeyValue(r, attributes, 1);
          count++;
          break;
        case 0x11: // 2 start_time_unix_nano
          start = r.fixed64();
          break;
        case 0x19: // 3 time_unix_nano
          time = r.fixed64();
          break;
        case 0x21: // 4 count
          total = r.fixed64();
          break;
        case 0x29: // 5 sum
          sum = r.double();
          break;
        case 0x32: // 6 bucket_counts, packed
          packedFixed64(r, bucketCounts);
          break;
        case 0x31: // 6 bucket_counts, unpacked
          bucketCounts.push(r.fixed64());
          break;
        case 0x3a: // 7 explicit_bounds, packed: shared by points with equal bounds
          if (explicitBounds === undefined) {
            explicitBounds = sharedPackedDouble(r);
          } else {
            explicitBounds = explicitBounds.concat(sharedPackedDouble(r));
            boundsOwned = true;
          }
          break;
        case 0x39: // 7 explicit_bounds, unpacked
          if (!boundsOwned) {
            explicitBounds = explicitBounds === undefined ? [] : explicitBounds.slice();
            boundsOwned = true;
          }
          explicitBounds!.push(r.double());
          break;
        case 0x42: // 8 exemplars: not kept
          r.pos = r.lengthEnd();
          break;
        case 0x50: // 10 flags
          flags = r.uint32();
          break;
        case 0x59: // 11 min
          min = r.double();
          break;
        case 0x61: // 12 max
          max = r.double();
          break;
        default:
          r.skip(tag, HISTOGRAM_POINT);
      }
    }
  } catch (error) {
    throw locate(error, field === 9 ? `attributes[${count}]` : fieldName(HISTOGRAM_POINT, field));
  }
  r.limit = outer;
  return {
    attributes,
    startTimeUnixNano: start,
    timeUnixNano: time,
    flags,
    count: total,
    sum,
    bucketCounts,
    explicitBounds: explicitBounds ?? [],
    min,
    max,
  };
}

/** Reads one `ExponentialHistogramDataPoint` (the tag is already read). */
export function readExponentialPoint(r: WireReader): ExponentialHistogramDataPoint {
  const outer = r.enter();
  const attributes: Attributes = {};
  let count = 0;
  let start = 0;
  let time = 0;
  let total = 0;
  let sum: number | undefined;
  let scale = 0;
  let zeroCount = 0;
  let positive: ExponentialBuckets | undefined;
  let negative: ExponentialBuckets | undefined;
  let flags = 0;
  let min: number | undefined;
  let max: number | undefined;
  let zeroThreshold = 0;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      switch (tag) {
        case 0x0a: // 1 attributes
          checkAttributeCount(r, count);
          readKeyValue(r, attributes, 1);
          count++;
          break;
        case 0x11: // 2 start_time_unix_nano
          start = r.fixed64();
          break;
        case 0x19: // 3 time_unix_nano
          time = r.fixed64();
          break;
        case 0x21: // 4 count
          total = r.fixed64();
          break;
        case 0x29: // 5 sum
          sum = r.double();
          break;
        case 0x30: // 6 scale (sint32)
          scale = r.sint32();
          break;
        case 0x39: // 7 zero_count
          zeroCount = r.fixed64();
          break;
        case 0x42: // 8 positive
          positive = readBuckets(r);
          break;
        case 0x4a: // 9 negative
          negative = readBuckets(r);
          break;
        case 0x50: // 10 flags
          flags = r.uint32();
          break;
        case 0x5a: // 11 exemplars: not kept
          r.pos = r.lengthEnd();
          break;
        case 0x61: // 12 min
          min = r.double();
          break;
        case 0x69: // 13 max
          max = r.double();
          break;
        case 0x71: // 14 zero_threshold
          zeroThreshold = r.double();
          break;
        default:
          r.skip(tag, EXPONENTIAL_POINT);
      }
    }
  } catch (error) {
    throw locate(error, field === 1 ? `attributes[${count}]` : fieldName(EXPONENTIAL_POINT, field));
  }
  r.limit = outer;
  return {
    attributes,
    startTimeUnixNano: start,
    timeUnixNano: time,
    flags,
    count: total,
    sum,
    scale,
    zeroCount,
    positive: positive ?? { offset: 0, bucketCounts: [] },
    negative: negative ?? { offset: 0, bucketCounts: [] },
    min,
    max,
    zeroThreshold,
  };
}

function readBuckets(r: WireReader): ExponentialBuckets {
  const outer = r.enter();
  let offset = 0;
  const bucketCounts: number[] = [];
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x12) packedUint64(r, bucketCounts);
      else if (tag === 0x08) offset = r.sint32();
      else if (tag === 0x10) bucketCounts.push(r.uint64());
      else r.skip(tag, BUCKETS);
    }
  } catch (error) {
    throw locate(error, fieldName(BUCKETS, field));
  }
  r.limit = outer;
  return { offset, bucketCounts };
}
