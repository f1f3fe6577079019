import { DecodeFailure, TAG_FAILURE, countLimitFailure } from './decode-failure.js';
import { checkLength, skipGroup } from './wire-skip.js';
import type { DecodeLimits } from './limits.js';
import { decodeUtf8 } from './text.js';
import type { FieldTable } from './wire-types.js';
import {
  WT_END_GROUP,
  WT_I32,
  WT_I64,
  WT_LEN,
  WT_START_GROUP,
  WT_VARINT,
  wireTypeName,
} from './wire-types.js';

export { checkLength };

/**
 * A strict protobuf wire-format reader (https://protobuf.dev/programming-guides/encoding/).
 * Every read is checked against the end of the message being decoded (`limit`), so a
 * field can never read into its neighbour; truncation, overlong varints, lengths past the
 * end, invalid wire types are decode failures (unknown fields in group encoding are skipped), never exceptions of another kind.
 */

const TWO_32 = 4294967296;

/** Reads one protobuf message from a buffer; nested messages move `limit` in and out. */
export class WireReader {
  /** The request bytes. */
  readonly buf: Uint8Array;
  /** A view over `buf` for fixed-width numbers. */
  readonly view: DataView;
  /** Limits the message decoders enforce. */
  readonly limits: Readonly<DecodeLimits>;
  /** Read position. */
  pos = 0;
  /** End of the message being decoded. */
  limit: number;
  /** Data points, spans or log records decoded so far (see `maxPointsPerRequest`). */
  points = 0;
  /** Messages decoded so far (see `maxItemsPerRequest`). */
  items = 0;
  /** Low and high 32 bits of the last varint read by the slow path. */
  private _lo = 0;
  private _hi = 0;
  /** The last array returned by `sharedPackedDouble`, and where its bytes are. */
  readonly shared: { array: number[] | undefined; start: number; length: number } = {
    array: undefined,
    start: 0,
    length: -1,
  };

  constructor(buf: Uint8Array, limits: Readonly<DecodeLimits>) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.limits = limits;
    this.limit = buf.length;
  }

  /** Reads a tag (`field << 3 | wireType`). Only called while `pos < limit`. */
  tag(): number {
    const pos = this.pos;
    const b = this.buf[pos]!;
    if (b < 0x80) {
      this.pos = pos + 1;
      return b;
    }
    try {
      this._varint();
    } catch (error) {
      if (error instanceof DecodeFailure) {
        error.detail = `tag ${error.detail}`;
        error.state = TAG_FAILURE;
      }
      throw error;
    }
    if (this._hi !== 0) {
      throw new DecodeFailure(`tag at byte ${pos} has a field number over 2^29 - 1`, TAG_FAILURE);
    }
    return this._lo >>> 0;
  }

  /** A `uint32` (or a length, an enum, a `bool`): the low 32 bits of a varint, unsigned. */
  uint32(): number {
    const pos = this.pos;
    if (pos < this.limit) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    this._varint();
    return this._lo >>> 0;
  }

  /** An `int32` or enum: the low 32 bits of a varint, signed. */
  int32(): number {
    return this.uint32() | 0;
  }

  /** A `sint32` (zigzag). */
  sint32(): number {
    const n = this.uint32();
    return (n >>> 1) ^ -(n & 1);
  }

  /** A `bool`. */
  bool(): boolean {
    return this.uint32() !== 0;
  }

  /** An `int64` as a number (exact up to 2^53). */
  int64(): number {
    const pos = this.pos;
    if (pos < this.limit) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    this._varint();
    return (this._hi | 0) * TWO_32 + (this._lo >>> 0);
  }

  /** A `uint64` as a number (exact up to 2^53). */
  uint64(): number {
    const pos = this.pos;
    if (pos < this.limit) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    this._varint();
    return (this._hi >>> 0) * TWO_32 + (this._lo >>> 0);
  }

  /** A `fixed64` as a number: one correctly rounded conversion above 2^53. */
  fixed64(): number {
    const pos = this._fixed(8);
    return this.view.getUint32(pos + 4, true) * TWO_32 + this.view.getUint32(pos, true);
  }

  /** An `sfixed64` as a number. */
  sfixed64(): number {
    const pos = this._fixed(8);
    return this.view.getInt32(pos + 4, true) * TWO_32 + this.view.getUint32(pos, true);
  }

  /** A `fixed32`. */
  fixed32(): number {
    return this.view.getUint32(this._fixed(4), true);
  }

  /** A `double`. */
  double(): number {
    return this.view.getFloat64(this._fixed(8), true);
  }

  /**
   * Reads a length prefix and returns the end offset of the value it announces, checked
   * against the end of the enclosing message.
   */
  lengthEnd(): number {
    const at = this.pos;
    const buf = this.buf;
    let length: number;
    // Lengths of one and two bytes (< 16 KiB) are nearly all of them.
    if (at + 1 < this.limit && buf[at]! < 0x80) {
      length = buf[at]!;
      this.pos = at + 1;
    } else if (at + 1 < this.limit && buf[at + 1]! < 0x80) {
      length = (buf[at]! & 0x7f) | (buf[at + 1]! << 7);
      this.pos = at + 2;
    } else {
      length = this.uint64();
    }
    const end = this.pos + length;
    if (end > this.limit) {
      throw new DecodeFailure(
        `is truncated: length ${length} at byte ${at} runs past the end of its message (${this.limit - this.pos} bytes left)`,
      );
    }
    return end;
  }

  /** Enters a length-delimited sub-message; returns the outer limit to restore afterwards. */
  enter(): number {
    const end = this.lengthEnd();
    const outer = this.limit;
    this.limit = end;
    return outer;
  }

  /** Counts one data point, span or log record (and one item) against the request's limits. */
  countPoint(): void {
    if (++this.points > this.limits.maxPointsPerRequest) {
      throw countLimitFailure(
        'maxPointsPerRequest',
        this.limits.maxPointsPerRequest,
        'data points, spans or log records',
      );
    }
    this.countItem();
  }

  /** Counts one message (resource, scope, metric, point...) against `maxItemsPerRequest`. */
  countItem(): void {
    if (++this.items > this.limits.maxItemsPerRequest) {
      throw countLimitFailure('maxItemsPerRequest', this.limits.maxItemsPerRequest, 'messages');
    }
  }

  /** A length-delimited UTF-8 name, refused past `maxNameBytes`. */
  name(): string {
    checkLength(this, this.limits.maxNameBytes, 'maxNameBytes');
    return this.string();
  }

  /** A length-delimited UTF-8 attribute key, refused past `maxAttributeKeyBytes`. */
  key(): string {
    checkLength(this, this.limits.maxAttributeKeyBytes, 'maxAttributeKeyBytes');
    return this.string();
  }

  /** A length-delimited UTF-8 `string`. */
  string(): string {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    const s = decodeUtf8(this.buf, start, end);
    if (s === undefined) throw new DecodeFailure(`is not valid UTF-8 (at byte ${start})`);
    return s;
  }

  /**
   * A length-delimited `bytes` value, copied into its own `ArrayBuffer` so it does not pin
   * the request buffer (`Buffer#slice` would return a view of it).
   */
  bytes(): Uint8Array {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    const copy = new Uint8Array(end - start);
    copy.set(this.buf.subarray(start, end));
    return copy;
  }

  /**
   * Skips a field this decoder does not keep. An unknown field is skipped whatever its
   * (valid) wire type, for forward compatibility; a known field with the wrong wire type
   * is an error, since skipping it would silently lose data.
   */
  skip(tag: number, table: FieldTable): void {
    const field = tag >>> 3;
    const wireType = tag & 7;
    const known = table[field];
    if (known !== undefined) {
      throw new DecodeFailure(
        `has wire type ${wireType} (${wireTypeName(wireType)}), expected ${known[1]} (${wireTypeName(known[1])})`,
      );
    }
    const at = this.pos;
    if (field === 0) {
      throw new DecodeFailure(`invalid field number 0 before byte ${at}`, TAG_FAILURE);
    }
    try {
      switch (wireType) {
        case WT_VARINT:
          this.uint64();
          return;
        case WT_I64:
          this._fixed(8);
          return;
        case WT_LEN:
          this.pos = this.lengthEnd();
          return;
        case WT_I32:
          this._fixed(4);
          return;
        case WT_START_GROUP:
          skipGroup(this, field);
          return;
        case WT_END_GROUP:
          throw new DecodeFailure(
            `field ${field} ends a group that was never started (before byte ${at})`,
            TAG_FAILURE,
          );
        default:
          throw new DecodeFailure(
            `field ${field} has invalid wire type ${wireType} (before byte ${at})`,
            TAG_FAILURE,
          );
      }
    } catch (error) {
      if (error instanceof DecodeFailure && error.state !== TAG_FAILURE) {
        error.detail = `unknown field ${field} ${error.detail}`;
        error.state = TAG_FAILURE;
      }
      throw error;
    }
  }

  /** The end of a packed run of `size`-byte elements, checked to hold whole elements. */
  packedEnd(size: number): number {
    const end = this.lengthEnd();
    const length = end - this.pos;
    // `size` is a power of two.
    if ((length & (size - 1)) !== 0) {
      throw new DecodeFailure(
        `is truncated: packed length ${length} at byte ${this.pos} is not a multiple of ${size}`,
      );
    }
    return end;
  }

  /** Checks that `size` bytes remain and advances past them; returns their start. */
  private _fixed(size: number): number {
    const pos = this.pos;
    if (pos + size > this.limit) {
      throw new DecodeFailure(
        `is truncated: ${size} bytes needed at byte ${pos}, ${this.limit - pos} left`,
      );
    }
    this.pos = pos + size;
    return pos;
  }

  /** Slow path of every varint: up to 10 bytes into `_lo`/`_hi`. */
  private _varint(): void {
    const buf = this.buf;
    const limit = this.limit;
    const start = this.pos;
    let pos = start;
    if (start + 10 <= limit) {
      // Unrolled, without per-byte bounds checks: ten bytes are known to be there.
      let b = buf[pos++]!;
      let lo = b & 0x7f;
      let hi = 0;
      if (b >= 0x80) {
        b = buf[pos++]!;
        lo |= (b & 0x7f) << 7;
        if (b >= 0x80) {
          b = buf[pos++]!;
          lo |= (b & 0x7f) << 14;
          if (b >= 0x80) {
            b = buf[pos++]!;
            lo |= (b & 0x7f) << 21;
            if (b >= 0x80) {
              b = buf[pos++]!;
              lo |= (b & 0x0f) << 28;
              hi = (b & 0x7f) >>> 4;
              for (let shift = 3; b >= 0x80; shift += 7) {
                if (shift > 31) {
                  throw new DecodeFailure(`has a varint longer than 10 bytes at byte ${start}`);
                }
                b = buf[pos++]!;
                hi |= (b & 0x7f) << shift;
              }
            }
          }
        }
      }
      this.pos = pos;
      this._lo = lo;
      this._hi = hi;
      return;
    }
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= limit) {
        throw new DecodeFailure(`is truncated: varint at byte ${start} runs past the end`);
      }
      const b = buf[pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi = (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) {
        this.pos = pos;
        this._lo = lo;
        this._hi = hi;
        return;
      }
    }
    throw new DecodeFailure(`has a varint longer than 10 bytes at byte ${start}`);
  }
}
