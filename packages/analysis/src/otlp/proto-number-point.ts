/** Protobuf decoding of `NumberDataPoint` (gauges and sums; metrics/v1, v1.x field numbers). */
import { locate } from './decode-failure.js';
import type { Attributes, NumberDataPoint } from './model.js';
import { checkAttributeCount, readKeyValue } from './proto-common.js';
import type { WireReader } from './wire-reader.js';
import { WT_I64, WT_LEN, WT_VARINT, fieldName, fieldTable } from './wire-types.js';

const NUMBER_POINT = fieldTable({
  2: ['start_time_unix_nano', WT_I64],
  3: ['time_unix_nano', WT_I64],
  4: ['as_double', WT_I64],
  5: ['exemplars', WT_LEN],
  6: ['as_int', WT_I64],
  7: ['attributes', WT_LEN],
  8: ['flags', WT_VARINT],
});
/** Reads one `NumberDataPoint` (the tag is already read). */
export function readNumberPoint(r: WireReader): NumberDataPoint {
  const outer = r.enter();
  const attributes: Attributes = {};
  let count = 0;
  let start = 0;
  let time = 0;
  let value = 0;
  let isInt = false;
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
        case 0x21: // 4 as_double
          value = r.double();
          isInt = false;
          break;
        case 0x31: // 6 as_int
          value = r.sfixed64();
          isInt = true;
          break;
        case 0x2a: // 5 exemplars: not kept
          r.pos = r.lengthEnd();
          break;
        case 0x40: // 8 flags
          flags = r.uint32();
          break;
        default:
          r.skip(tag, NUMBER_POINT);
      }
    }
  } catch (error) {
    throw locate(error, field === 7 ? `attributes[${count}]` : fieldName(NUMBER_POINT, field));
  }
  r.limit = outer;
  return { attributes, startTimeUnixNano: start, timeUnixNano: time, flags, value, isInt };
}
