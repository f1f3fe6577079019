/**
 * Readers of packed repeated numbers (one length-delimited run of values,
 * https://protobuf.dev/programming-guides/encoding/#packed).
 */
import type { WireReader } from './wire-reader.js';

const TWO_32 = 4294967296;

/** Appends a packed `repeated fixed64` to `out`. */
export function packedFixed64(r: WireReader, out: number[]): void {
  const end = r.packedEnd(8);
  const view = r.view;
  for (let pos = r.pos; pos < end; pos += 8) {
    out.push(view.getUint32(pos + 4, true) * TWO_32 + view.getUint32(pos, true));
  }
  r.pos = end;
}

/** Appends a packed `repeated uint64` (varints) to `out`. */
export function packedUint64(r: WireReader, out: number[]): void {
  const end = r.lengthEnd();
  const outer = r.limit;
  r.limit = end;
  while (r.pos < end) out.push(r.uint64());
  r.limit = outer;
}

/**
 * A packed `repeated double` that is often identical from one message to the next
 * (histogram bounds): when its bytes equal those of the previous call on this reader, the
 * previous array is returned instead of a new one. Callers must treat it as read-only.
 */
export function sharedPackedDouble(r: WireReader): number[] {
  const end = r.packedEnd(8);
  const start = r.pos;
  const length = end - start;
  r.pos = end;
  const view = r.view;
  const last = r.shared;
  if (last.array !== undefined && length === last.length) {
    const other = last.start;
    let k = 0;
    while (k < length && view.getInt32(start + k, true) === view.getInt32(other + k, true)) k += 4;
    if (k >= length) return last.array;
  }
  const out: number[] = [];
  for (let pos = start; pos < end; pos += 8) out.push(view.getFloat64(pos, true));
  last.array = out;
  last.start = start;
  last.length = length;
  return out;
}
