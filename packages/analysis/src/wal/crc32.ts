/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF),
 * the checksum of zlib, gzip and PNG. Node 22.2+ has it natively as `zlib.crc32`; older
 * Node versions use the table-driven loop below, which gives the same values.
 */
import * as zlib from 'node:zlib';

const TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The table-driven CRC-32 of `bytes`, continuing from `previous` (0 to start). */
export function crc32Portable(bytes: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

type NativeCrc32 = (data: Uint8Array, value?: number) => number;
const native = (zlib as unknown as { crc32?: NativeCrc32 }).crc32;

/** CRC-32 of `bytes` (unsigned 32-bit), continuing from `previous` (0 to start). */
export const crc32: (bytes: Uint8Array, previous?: number) => number =
  typeof native === 'function' ? (bytes, previous = 0) => native(bytes, previous) : crc32Portable;
