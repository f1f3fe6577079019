/**
 * Byte/text conversions shared by the OTLP codecs: UTF-8 with a fast path for the short
 * ASCII strings that make up nearly all telemetry (names, attribute keys, units), and
 * lowercase hex for trace and span ids.
 */

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/**
 * Short ASCII strings are looked up in a small cache before a new string is made.
 * Telemetry repeats the same few names, keys and values in every point; returning the
 * same string instance saves the allocation and, more, the engine's internalisation of
 * a fresh string each time it becomes an attribute key. A slot holds the last string
 * that hashed to it; a hit is confirmed byte by byte, so a collision only costs a miss.
 */
const CACHED_MAX_BYTES = 64;
const CACHE_SLOTS = 4096;
const stringCache: string[] = new Array<string>(CACHE_SLOTS).fill('');
// The bytes of each cached string (comparing bytes to bytes is cheaper than to chars): slot
// i owns arena bytes [i * CACHED_MAX_BYTES, +length), so storing allocates nothing.
const cacheArena = new Uint8Array(CACHE_SLOTS * CACHED_MAX_BYTES);
const cacheLengths = new Int32Array(CACHE_SLOTS).fill(-1);
/** `scratchCodes[n]` is an array of n numbers, reused to build strings of n characters. */
const scratchCodes: number[][] = Array.from({ length: CACHED_MAX_BYTES + 1 }, (_, n) =>
  new Array<number>(n).fill(0),
);

/**
 * Decodes `bytes[start, end)` as UTF-8. Returns `undefined` when the bytes are not valid
 * UTF-8 (protobuf `string` fields must be), so the caller can name the field.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  const length = end - start;
  if (length === 0) return '';
  if (length <= CACHED_MAX_BYTES) {
    // The slot is chosen from the length and five sampled bytes; the full comparison on a
    // hit also proves the bytes are ASCII, since only ASCII strings are cached.
    let hash = Math.imul(length, 0x9e3779b1);
    hash = Math.imul(hash ^ bytes[start]!, 0x01000193);
    hash = Math.imul(hash ^ bytes[start + (length >> 1)]!, 0x01000193);
    hash = Math.imul(hash ^ bytes[end - 1]!, 0x01000193);
    if (length > 2) {
      hash = Math.imul(hash ^ bytes[start + 1]!, 0x01000193);
      hash = Math.imul(hash ^ bytes[end - 2]!, 0x01000193);
    }
    const slot = (hash ^ (hash >>> 15)) & (CACHE_SLOTS - 1);
    const base = slot * CACHED_MAX_BYTES - start;
    if (cacheLengths[slot] === length) {
      let k = start;
      while (k < end && cacheArena[base + k] === bytes[k]) k++;
      if (k === end) return stringCache[slot];
    }
    // Copy into the scratch array of this length, checking for ASCII on the way: `apply`
    // over a plain array is the cheapest way to make a short string.
    const codes = scratchCodes[length]!;
    let i = 0;
    for (; i < length; i++) {
      const b = bytes[start + i]!;
      if (b >= 0x80) break;
      codes[i] = b;
    }
    if (i === length) {
      const s = String.fromCharCode.apply(null, codes);
      stringCache[slot] = s;
      for (let k = start; k < end; k++) cacheArena[base + k] = bytes[k]!;
      cacheLengths[slot] = length;
      return s;
    }
  }
  try {
    return utf8Decoder.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** UTF-8 bytes of `text`. */
export function encodeUtf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/**
 * Writes `text` as UTF-8 into `target` at `offset` (which must have room for
 * `3 * text.length` bytes) and returns the number of bytes written.
 */
export function encodeUtf8Into(text: string, target: Uint8Array, offset: number): number {
  const n = text.length;
  let p = offset;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      return p - offset + utf8Encoder.encodeInto(text.slice(i), target.subarray(p)).written;
    }
    target[p++] = c;
  }
  return n;
}

const HEX_BYTE: string[] = [];
for (let i = 0; i < 256; i++) HEX_BYTE.push(i.toString(16).padStart(2, '0'));

/** Lowercase hex of `bytes[start, end)`. */
export function toHex(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += HEX_BYTE[bytes[i]!]!;
  return out;
}

/**
 * Bytes of a hex string (either case). Returns `undefined` for an odd length or a
 * character that is not a hex digit.
 */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexDigit(hex.charCodeAt(2 * i));
    const lo = hexDigit(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}
