import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, resolveDecodeLimits } from '../../src/otlp/limits.js';
import { decodeUtf8, encodeUtf8Into, fromHex, toHex } from '../../src/otlp/text.js';
import { WireReader } from '../../src/otlp/wire-reader.js';
import { WireWriter } from '../../src/otlp/wire-writer.js';
import { Gen } from './helpers/random-requests.js';

/** Reference varint encoder on BigInt, two's complement for negatives (an independent method). */
function referenceVarint(value: bigint): string {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out).toString('hex');
}

function written(write: (w: WireWriter) => void): Uint8Array {
  const w = new WireWriter(4);
  write(w);
  return w.finish();
}

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const reader = (bytes: Uint8Array | number[]) =>
  new WireReader(
    bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes),
    DEFAULT_DECODE_LIMITS,
  );

describe('wire writer and reader', () => {
  it('writes varints as worked out by hand', () => {
    expect(hexOf(written((w) => w.uint32(0)))).toBe('00');
    expect(hexOf(written((w) => w.uint32(127)))).toBe('7f');
    expect(hexOf(written((w) => w.uint32(128)))).toBe('8001');
    expect(hexOf(written((w) => w.uint32(300)))).toBe('ac02');
    expect(hexOf(written((w) => w.uint32(2 ** 32 - 1)))).toBe('ffffffff0f');
    expect(hexOf(written((w) => w.int64(-1)))).toBe('ffffffffffffffffff01');
  });

  it('writes and reads 64-bit varints like a BigInt reference, negatives included', () => {
    const values = [
      0,
      1,
      2 ** 31,
      2 ** 32,
      2 ** 35 + 7,
      2 ** 53 - 1,
      -1,
      -2,
      -(2 ** 31),
      -(2 ** 53 - 1),
    ];
    for (const v of values) {
      const bytes = written((w) => w.int64(v));
      expect(hexOf(bytes), `int64 ${v}`).toBe(referenceVarint(BigInt(v)));
      expect(reader(bytes).int64(), `int64 ${v}`).toBe(v);
      // Followed by ten more bytes, the varint takes the unrolled path.
      expect(reader([...bytes, ...new Array(10).fill(0)]).int64(), `padded int64 ${v}`).toBe(v);
    }
    const max = reader(Buffer.from(referenceVarint(2n ** 64n - 1n), 'hex'));
    expect(max.uint64()).toBe(Number(2n ** 64n - 1n));
  });

  it('zigzag-encodes sint32', () => {
    const table: [number, number][] = [
      [0, 0],
      [-1, 1],
      [1, 2],
      [-2, 3],
      [2147483647, 4294967294],
      [-2147483648, 4294967295],
    ];
    for (const [value, encoded] of table) {
      expect(hexOf(written((w) => w.sint32(value)))).toBe(referenceVarint(BigInt(encoded)));
      expect(reader(written((w) => w.sint32(value))).sint32()).toBe(value);
    }
  });

  it('reads fixed64 above 2^53 rounded once, exactly as Number(BigInt) does', () => {
    const g = new Gen(7);
    for (let i = 0; i < 2000; i++) {
      const big = (BigInt(g.int(0, 2 ** 31)) << 32n) | BigInt(g.int(0, 2 ** 32 - 1));
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigUint64(0, big, true);
      expect(reader(bytes).fixed64()).toBe(Number(big));
      new DataView(bytes.buffer).setBigInt64(0, -big, true);
      expect(reader(bytes).sfixed64()).toBe(Number(-big));
    }
  });

  it('writes fixed64 of large integers little-endian', () => {
    const v = Number(1_700_000_000_123_456_789n);
    const bytes = written((w) => w.fixed64(v));
    expect(new DataView(bytes.buffer).getBigUint64(0, true)).toBe(BigInt(v));
    expect(hexOf(written((w) => w.fixed64(-1)))).toBe('ffffffffffffffff');
  });

  it('back-patches sub-message lengths that need one to four bytes', () => {
    for (const size of [0, 127, 128, 16383, 16384, 2 ** 21]) {
      const bytes = written((w) => {
        const mark = w.begin(3);
        w.raw(new Uint8Array(size).fill(7));
        w.end(mark);
        w.uint32Field(4, 9);
      });
      const r = reader(bytes);
      expect(r.tag()).toBe((3 << 3) | 2);
      const end = r.lengthEnd();
      expect(end - r.pos).toBe(size);
      expect(bytes.subarray(r.pos, end).every((b) => b === 7)).toBe(true);
      r.pos = end;
      expect(r.tag()).toBe(4 << 3);
      expect(r.uint32()).toBe(9);
      expect(r.pos).toBe(bytes.length);
    }
  });

  it('fails with located messages on truncated and overlong values', () => {
    expect(() => reader([0x80, 0x80]).uint64()).toThrow(/is truncated: varint at byte 0/);
    expect(() => reader(new Array(11).fill(0xff)).uint64()).toThrow(/longer than 10 bytes/);
    expect(() => reader(new Array(10).fill(0xff)).uint64()).toThrow(/longer than 10 bytes/);
    expect(() => reader(new Array(9).fill(0xff)).uint64()).toThrow(
      /is truncated: varint at byte 0/,
    );
    expect(() => reader([1, 2, 3]).fixed64()).toThrow(/8 bytes needed at byte 0, 3 left/);
    expect(() => reader([5, 1]).lengthEnd()).toThrow(/length 5 at byte 0 runs past the end/);
    const r = reader([0x1d, 0, 0]);
    expect(() => r.skip(r.tag(), [])).toThrow(/unknown field 3 is truncated/);
  });
});

describe('text helpers', () => {
  it('decodes UTF-8 on the ASCII fast path and the general path alike', () => {
    for (const s of [
      '',
      'a',
      'heterodyne.fit.duration',
      'é',
      '→ 😀 ∑',
      'x'.repeat(47),
      'y'.repeat(200),
      `${'z'.repeat(60)}é`,
    ]) {
      const bytes = new TextEncoder().encode(s);
      expect(decodeUtf8(bytes, 0, bytes.length)).toBe(s);
      const framed = new Uint8Array([9, ...bytes, 9]);
      expect(decodeUtf8(framed, 1, bytes.length + 1)).toBe(s);
    }
  });

  it('rejects invalid UTF-8', () => {
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0x61, 0x80]]) {
      expect(decodeUtf8(new Uint8Array(bad), 0, bad.length)).toBeUndefined();
    }
  });

  it('encodes UTF-8 in place like TextEncoder, lone surrogates included', () => {
    for (const s of ['', 'abc', 'é→😀', 'a\ud800b', 'x'.repeat(100) + '∑']) {
      const target = new Uint8Array(s.length * 3 + 2);
      const n = encodeUtf8Into(s, target, 2);
      expect(hexOf(target.subarray(2, 2 + n))).toBe(hexOf(new TextEncoder().encode(s)));
    }
  });

  it('converts ids between bytes and lowercase hex', () => {
    expect(toHex(new Uint8Array([0, 15, 16, 255]), 0, 4)).toBe('000f10ff');
    expect(Array.from(fromHex('000F10ff')!)).toEqual([0, 15, 16, 255]);
    expect(fromHex('abc')).toBeUndefined();
    expect(fromHex('zz')).toBeUndefined();
  });
});

describe('decode limits', () => {
  it('merges overrides over the defaults and rejects invalid ones', () => {
    expect(resolveDecodeLimits()).toBe(DEFAULT_DECODE_LIMITS);
    expect(resolveDecodeLimits({ limits: { maxAnyValueDepth: 4 } })).toEqual({
      ...DEFAULT_DECODE_LIMITS,
      maxAnyValueDepth: 4,
    });
    expect(() => resolveDecodeLimits({ limits: { maxAttributesPerEntity: 0 } })).toThrow(
      /maxAttributesPerEntity: must be a positive integer/,
    );
  });
});
