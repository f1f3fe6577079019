/**
 * A cache of decoded attributes (`KeyValue` messages) by their exact bytes. Telemetry
 * sends the same few attributes (`service.name=...`, `heterodyne.operation.name=fit`) in
 * every point; one byte comparison of the whole message then replaces parsing the key
 * and the nested `AnyValue`. Only primitive values (string, number, boolean, null) are
 * cached: they are immutable, so sharing them between points is safe. A slot holds the
 * last entry that hashed to it; a hit is confirmed byte by byte.
 */
import type { AttributeValue } from './model.js';

/** Longest `KeyValue` message cached, in bytes. */
export const KV_CACHED_MAX_BYTES = 128;
const SLOTS = 4096;

// Slot i owns arena bytes [i * KV_CACHED_MAX_BYTES, +length): storing copies bytes without
// allocating, so a stream of never-repeated attributes costs little. 512 KiB in all.
const arena = new Uint8Array(SLOTS * KV_CACHED_MAX_BYTES);
const entryLengths = new Int32Array(SLOTS).fill(-1);
const entryKeys: string[] = new Array<string>(SLOTS).fill('');
const entryValues: AttributeValue[] = new Array<AttributeValue>(SLOTS).fill(null);

/** The slot of the message `buf[start, end)` (2 to {@link KV_CACHED_MAX_BYTES} bytes). */
export function keyValueSlot(buf: Uint8Array, start: number, end: number): number {
  const length = end - start;
  // Byte 0 is the key's tag and byte 1 its length: sample the key's first byte and bytes
  // spread over the rest.
  let hash = Math.imul(length, 0x9e3779b1);
  hash = Math.imul(hash ^ buf[start + 1]!, 0x01000193);
  hash = Math.imul(hash ^ buf[start + 2]!, 0x01000193);
  hash = Math.imul(hash ^ buf[start + (length >> 2)]!, 0x01000193);
  hash = Math.imul(hash ^ buf[start + (length >> 1)]!, 0x01000193);
  hash = Math.imul(hash ^ buf[end - 3]!, 0x01000193);
  hash = Math.imul(hash ^ buf[end - 2]!, 0x01000193);
  hash = Math.imul(hash ^ buf[end - 1]!, 0x01000193);
  return (hash ^ (hash >>> 15)) & (SLOTS - 1);
}

/** Whether `slot` holds exactly the message `buf[start, end)`. */
export function keyValueHit(slot: number, buf: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (entryLengths[slot] !== length) return false;
  const base = slot * KV_CACHED_MAX_BYTES - start;
  let i = start;
  while (i < end && arena[base + i] === buf[i]) i++;
  return i === end;
}

/** The key cached in `slot`. */
export function cachedKey(slot: number): string {
  return entryKeys[slot]!;
}

/** The value cached in `slot`. */
export function cachedValue(slot: number): AttributeValue {
  return entryValues[slot]!;
}

/** Remembers a decoded message with a primitive value in `slot`. */
export function storeKeyValue(
  slot: number,
  buf: Uint8Array,
  start: number,
  end: number,
  key: string,
  value: AttributeValue,
): void {
  const base = slot * KV_CACHED_MAX_BYTES - start;
  for (let i = start; i < end; i++) arena[base + i] = buf[i]!;
  entryLengths[slot] = end - start;
  entryKeys[slot] = key;
  entryValues[slot] = value;
}
