/**
 * A small protobuf wire-format writer: a growable buffer, varints (including negative
 * 64-bit values as ten-byte two's complement), fixed-width little-endian numbers, and
 * length-delimited sub-messages whose length is back-patched once known.
 */
import { encodeUtf8Into } from './text.js';
import { WT_I32, WT_I64, WT_LEN, WT_VARINT } from './wire-types.js';

const TWO_32 = 4294967296;

/** Writes one protobuf message into a growable buffer. */
export class WireWriter {
  private _buf: Uint8Array;
  private _view: DataView;
  /** Write position (= bytes written so far). */
  pos = 0;

  constructor(initialBytes = 1024) {
    this._buf = new Uint8Array(initialBytes);
    this._view = new DataView(this._buf.buffer);
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this._buf.slice(0, this.pos);
  }

  /** Writes a tag. */
  tag(field: number, wireType: number): void {
    this.uint32((field << 3) | wireType);
  }

  /** An unsigned varint of a number in [0, 2^32). */
  uint32(value: number): void {
    this._ensure(5);
    const buf = this._buf;
    let v = value >>> 0;
    while (v > 0x7f) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  /** A varint of an integer `int64`/`uint64` (negative values take ten bytes). */
  int64(value: number): void {
    if (value >= 0 && value < TWO_32) {
      this.uint32(value);
      return;
    }
    split64(value);
    let lo = splitLo;
    let hi = splitHi;
    this._ensure(10);
    const buf = this._buf;
    while (hi !== 0 || lo > 0x7f) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[this.pos++] = lo;
  }

  /** A zigzag `sint32`. */
  sint32(value: number): void {
    this.uint32(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** A `fixed64`/`sfixed64` of an integer. */
  fixed64(value: number): void {
    split64(value);
    this._ensure(8);
    this._view.setUint32(this.pos, splitLo, true);
    this._view.setUint32(this.pos + 4, splitHi, true);
    this.pos += 8;
  }

  /** A `fixed32`. */
  fixed32(value: number): void {
    this._ensure(4);
    this._view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
  }

  /** A `double`. */
  double(value: number): void {
    this._ensure(8);
    this._view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** Raw bytes, without a length. */
  raw(bytes: Uint8Array): void {
    this._ensure(bytes.length);
    this._buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A `string` field (omitted when empty, as proto3 does). */
  stringField(field: number, value: string): void {
    if (value === '') return;
    const mark = this.begin(field);
    this._ensure(value.length * 3);
    this.pos += encodeUtf8Into(value, this._buf, this.pos);
    this.end(mark);
  }

  /** A `bytes` field, written even when empty when `always` is set. */
  bytesField(field: number, value: Uint8Array, always = false): void {
    if (value.length === 0 && !always) return;
    this.tag(field, WT_LEN);
    this.uint32(value.length);
    this.raw(value);
  }

  /** A varint field of an unsigned 32-bit value (omitted when 0). */
  uint32Field(field: number, value: number): void {
    if (value === 0) return;
    this.tag(field, WT_VARINT);
    this.uint32(value);
  }

  /** A varint field of an `int32`/enum (omitted when 0; negative values take ten bytes). */
  int32Field(field: number, value: number): void {
    if (value === 0) return;
    this.tag(field, WT_VARINT);
    this.int64(value);
  }

  /** A `fixed64` field (omitted when 0). */
  fixed64Field(field: number, value: number): void {
    if (value === 0) return;
    this.tag(field, WT_I64);
    this.fixed64(value);
  }

  /** A `fixed32` field (omitted when 0). */
  fixed32Field(field: number, value: number): void {
    if (value === 0) return;
    this.tag(field, WT_I32);
    this.fixed32(value);
  }

  /** A `double` field, written whatever its value (for `optional` and oneof members). */
  doubleField(field: number, value: number): void {
    this.tag(field, WT_I64);
    this.double(value);
  }

  /** A plain `double` field: omitted when +0 (proto3 default), written for -0 and NaN. */
  doubleFieldUnlessZero(field: number, value: number): void {
    if (Object.is(value, 0)) return;
    this.doubleField(field, value);
  }

  /**
   * Starts a length-delimited sub-message: writes the tag and reserves one byte for the
   * length. Returns the mark to pass to {@link end}.
   */
  begin(field: number): number {
    this.tag(field, WT_LEN);
    this._ensure(1);
    return this.pos++;
  }

  /** Ends a sub-message: writes its length, moving the body when it needs more than a byte. */
  end(mark: number): void {
    const length = this.pos - mark - 1;
    if (length < 0x80) {
      this._buf[mark] = length;
      return;
    }
    let extra = 0;
    for (let v = length >>> 7; v > 0; v >>>= 7) extra++;
    this._ensure(extra);
    const buf = this._buf;
    buf.copyWithin(mark + 1 + extra, mark + 1, this.pos);
    this.pos += extra;
    let v = length;
    let p = mark;
    while (v > 0x7f) {
      buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[p] = v;
  }

  private _ensure(bytes: number): void {
    const needed = this.pos + bytes;
    if (needed <= this._buf.length) return;
    let size = this._buf.length * 2;
    while (size < needed) size *= 2;
    const next = new Uint8Array(size);
    next.set(this._buf.subarray(0, this.pos));
    this._buf = next;
    this._view = new DataView(next.buffer);
  }
}

let splitLo = 0;
let splitHi = 0;

/**
 * Splits an integer in (-2^63, 2^64) into `splitLo`/`splitHi` (unsigned 32-bit halves, two's
 * complement for negative values). Module scratch variables avoid an allocation per call.
 */
function split64(value: number): void {
  const negative = value < 0;
  const abs = negative ? -value : value;
  let lo = (abs % TWO_32) >>> 0;
  let hi = Math.floor(abs / TWO_32) >>> 0;
  if (negative) {
    lo = (~lo + 1) >>> 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  }
  splitLo = lo;
  splitHi = hi;
}
