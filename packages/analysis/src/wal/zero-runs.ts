/**
 * A run-length encoding of doubles that drops runs of zero words: most of a fresh series'
 * record (empty ring slots and rollup slots) is +0, so checkpoints shrink several times and
 * the disk is busy that much less while one is written.
 *
 * ```
 * repeat: u16 zeros | u16 literals | literals x 8 bytes (little-endian doubles, copied)
 * ```
 *
 * Only the all-zero bit pattern (+0) counts as zero; -0, NaN and every other value are
 * copied bit for bit.
 */

const MAX_RUN = 0xffff;

/** `values` encoded (see the module comment). */
export function encodeZeroRuns(values: Float64Array): Buffer {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const out = Buffer.allocUnsafe(4 * (Math.ceil(n / MAX_RUN) + 1) * 2 + n * 8);
  const isZero = (i: number): boolean => words[2 * i] === 0 && words[2 * i + 1] === 0;
  let at = 0;
  let i = 0;
  while (i < n) {
    let zeros = 0;
    while (i < n && zeros < MAX_RUN && isZero(i)) {
      zeros++;
      i++;
    }
    const start = i;
    let literals = 0;
    while (i < n && literals < MAX_RUN && !isZero(i)) {
      literals++;
      i++;
    }
    out.writeUInt16LE(zeros, at);
    out.writeUInt16LE(literals, at + 2);
    at += 4;
    bytes.copy(out, at, start * 8, (start + literals) * 8);
    at += literals * 8;
  }
  return out.subarray(0, at);
}

/** Decodes `count` doubles; throws a RangeError when the runs do not add up to `count`. */
export function decodeZeroRuns(encoded: Buffer, count: number): Float64Array {
  const out = new Float64Array(count);
  const target = new Uint8Array(out.buffer);
  let i = 0;
  let at = 0;
  while (at < encoded.length) {
    if (at + 4 > encoded.length) throw new RangeError('zero runs: truncated run header');
    const zeros = encoded.readUInt16LE(at);
    const literals = encoded.readUInt16LE(at + 2);
    at += 4;
    i += zeros;
    if (i + literals > count || at + literals * 8 > encoded.length) {
      throw new RangeError(`zero runs: more than ${count} values`);
    }
    target.set(encoded.subarray(at, at + literals * 8), i * 8);
    at += literals * 8;
    i += literals;
  }
  if (i !== count) throw new RangeError(`zero runs: ${i} values, expected ${count}`);
  return out;
}
