/** Protobuf decoding of `SummaryDataPoint` (opentelemetry/proto/metrics/v1, v1.x field numbers). */
import { locate } from './decode-failure.js';
import type { Attributes, SummaryDataPoint } from './model.js';
import { checkAttributeCount, readKeyValue } from './proto-common.js';
import type { WireReader } from './wire-reader.js';
import { WT_I64, WT_LEN, WT_VARINT, fieldName, fieldTable } from './wire-types.js';

const SUMMARY_POINT = fieldTable({
  2: ['start_time_unix_nano', WT_I64],
  3: ['time_unix_nano', WT_I64],
  4: ['count', WT_I64],
  5: ['sum', WT_I64],
  6: ['quantile_values', WT_LEN],
  7: ['attributes', WT_LEN],
  8: ['flags', WT_VARINT],
});
const VALUE_AT_QUANTILE = fieldTable({ 1: ['quantile', WT_I64], 2: ['value', WT_I64] });

/** Reads one `SummaryDataPoint` (the tag is already read). */
export function readSummaryPoint(r: WireReader): SummaryDataPoint {
  const outer = r.enter();
  const attributes: Attributes = {};
  let count = 0;
  let start = 0;
  let time = 0;
  let total = 0;
  let sum = 0;
  const quantileValues: { quantile: number; value: number }[] = [];
  let flags = 0;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      switch (tag) {
        case 0x3a: // 7 attributes
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
        case 0x32: // 6 quantile_values
          quantileValues.push(readValueAtQuantile(r));
          break;
        case 0x40: // 8 flags
          flags = r.uint32();
          break;
        default:
          r.skip(tag, SUMMARY_POINT);
      }
    }
  } catch (error) {
    const label =
      field === 7
        ? `attributes[${count}]`
        : field === 6
          ? `quantile_values[${quantileValues.length}]`
          : fieldName(SUMMARY_POINT, field);
    throw locate(error, label);
  }
  r.limit = outer;
  return {
    attributes,
    startTimeUnixNano: start,
    timeUnixNano: time,
    flags,
    count: total,
    sum,
    quantileValues,
  };
}

function readValueAtQuantile(r: WireReader): { quantile: number; value: number } {
  const outer = r.enter();
  let quantile = 0;
  let value = 0;
  let field = 0;
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      field = tag >>> 3;
      if (tag === 0x09) quantile = r.double();
      else if (tag === 0x11) value = r.double();
      else r.skip(tag, VALUE_AT_QUANTILE);
    }
  } catch (error) {
    throw locate(error, fieldName(VALUE_AT_QUANTILE, field));
  }
  r.limit = outer;
  return { quantile, value };
}
