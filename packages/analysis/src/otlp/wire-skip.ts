/**
 * Skipping helpers of the protobuf reader: unknown fields in group encoding (deprecated
 * wire types 3 and 4, still legal) and length checks before a string is read.
 */
import { DecodeFailure } from './decode-failure.js';
import type { WireReader } from './wire-reader.js';
import { WT_END_GROUP, WT_I32, WT_I64, WT_LEN, WT_START_GROUP, WT_VARINT } from './wire-types.js';

/**
 * Skips the rest of a group (deprecated but legal protobuf: wire type 3 starts it, the
 * matching wire type 4 tag of the same field ends it), nested groups included. Nesting
 * is followed with an explicit stack, bounded like `AnyValue` nesting, so a group bomb
 * cannot overflow the call stack.
 */
export function skipGroup(r: WireReader, field: number): void {
  const open = [field];
  const start = r.pos;
  const maxDepth = r.limits.maxAnyValueDepth;
  while (open.length > 0) {
    if (r.pos >= r.limit) {
      throw new DecodeFailure(`is truncated: group started before byte ${start} never ends`);
    }
    const tag = r.tag();
    const inner = tag >>> 3;
    if (inner === 0) throw new DecodeFailure(`has field number 0 inside a group`);
    switch (tag & 7) {
      case WT_VARINT:
        r.uint64();
        break;
      case WT_I64:
        r.fixed64();
        break;
      case WT_LEN:
        r.pos = r.lengthEnd();
        break;
      case WT_I32:
        r.fixed32();
        break;
      case WT_START_GROUP:
        if (open.length >= maxDepth) {
          throw new DecodeFailure(
            `nests groups deeper than the limit maxAnyValueDepth (${maxDepth})`,
          );
        }
        open.push(inner);
        break;
      case WT_END_GROUP:
        if (open.pop() !== inner) {
          throw new DecodeFailure(
            `has a group end of field ${inner} that does not match its start`,
          );
        }
        break;
      default:
        throw new DecodeFailure(`has invalid wire type ${tag & 7} inside a group`);
    }
  }
}

/**
 * Peeks at the length prefix at `r.pos` and throws when the value is longer than `max`
 * bytes (named `limit` in the message); leaves `r.pos` where it was.
 */
export function checkLength(r: WireReader, max: number, limit: string): void {
  const pos = r.pos;
  const end = r.lengthEnd();
  const length = end - r.pos;
  r.pos = pos;
  if (length > max) throw new DecodeFailure(`is ${length} bytes, over the limit ${limit} (${max})`);
}
