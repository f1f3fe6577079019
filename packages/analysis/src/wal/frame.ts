/**
 * The record framing shared by the write-ahead log and checkpoint files:
 *
 * ```
 * magic u32 LE (0x31524448, "HDR1") | length u32 LE | crc32 u32 LE | payload (length bytes)
 * ```
 *
 * The CRC-32 covers the length field and the payload, so a damaged length is detected too.
 * A reader that meets a damaged frame skips to the next magic whose frame checks out, so one
 * damaged record costs that record alone; a frame cut short by the end of the data is a
 * torn tail (a write the process did not finish), reported apart from damage.
 */
import { crc32 } from './crc32.js';

/** Frame magic number ("HDR1" little-endian). */
export const FRAME_MAGIC = 0x31524448;
/** Bytes before the payload. */
export const FRAME_HEADER_BYTES = 12;
/** Largest payload a frame may carry (256 MiB); longer lengths are treated as damage. */
export const MAX_FRAME_PAYLOAD_BYTES = 256 * 2 ** 20;

const MAGIC_BYTES = Buffer.from([0x48, 0x44, 0x52, 0x31]);

/** `payload` framed: header and payload in one buffer. */
export function encodeFrame(payload: Uint8Array): Buffer {
  if (payload.length > MAX_FRAME_PAYLOAD_BYTES) {
    throw new RangeError(
      `frame: payload of ${payload.length} bytes exceeds ${MAX_FRAME_PAYLOAD_BYTES}`,
    );
  }
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  out.writeUInt32LE(FRAME_MAGIC, 0);
  out.writeUInt32LE(payload.length, 4);
  out.set(payload, FRAME_HEADER_BYTES);
  const crc = crc32(out.subarray(FRAME_HEADER_BYTES), crc32(out.subarray(4, 8)));
  out.writeUInt32LE(crc, 8);
  return out;
}

/** What reading the frames of a buffer found. */
export interface FrameScan {
  /** Payloads of the intact frames, in order (views into the scanned buffer). */
  payloads: Buffer[];
  /** Byte offset of each payload's frame, parallel to `payloads`. */
  offsets: number[];
  /** Damaged regions skipped (each a frame or more that failed its checks). */
  damaged: number;
  /** Bytes at the end that hold an incomplete frame (0 when the data ends cleanly). */
  tornTailBytes: number;
}

type FrameCheck = { kind: 'ok'; end: number } | { kind: 'damaged' } | { kind: 'short' };

function checkFrame(data: Buffer, at: number): FrameCheck {
  if (data.length - at < FRAME_HEADER_BYTES) return { kind: 'short' };
  if (data.readUInt32LE(at) !== FRAME_MAGIC) return { kind: 'damaged' };
  const length = data.readUInt32LE(at + 4);
  if (length > MAX_FRAME_PAYLOAD_BYTES) return { kind: 'damaged' };
  const end = at + FRAME_HEADER_BYTES + length;
  if (end > data.length) return { kind: 'short' };
  const crc = crc32(
    data.subarray(at + FRAME_HEADER_BYTES, end),
    crc32(data.subarray(at + 4, at + 8)),
  );
  return crc === data.readUInt32LE(at + 8) ? { kind: 'ok', end } : { kind: 'damaged' };
}

/**
 * Reads every frame of `data`. A damaged frame (bad magic, length or checksum) is skipped up
 * to the next intact frame and counted once in `damaged`. An incomplete frame at the very
 * end, with no intact frame after it, is reported as `tornTailBytes`.
 */
export function scanFrames(data: Buffer): FrameScan {
  const scan: FrameScan = { payloads: [], offsets: [], damaged: 0, tornTailBytes: 0 };
  let at = 0;
  while (at < data.length) {
    const check = checkFrame(data, at);
    if (check.kind === 'ok') {
      scan.payloads.push(data.subarray(at + FRAME_HEADER_BYTES, check.end));
      scan.offsets.push(at);
      at = check.end;
      continue;
    }
    const next = nextIntactFrame(data, at + 1);
    if (next === -1) {
      // Nothing intact follows: a torn write at the end, unless the frame was complete and
      // failed its checks (then it is damage).
      if (check.kind === 'short') scan.tornTailBytes = data.length - at;
      else scan.damaged++;
      break;
    }
    scan.damaged++;
    at = next;
  }
  return scan;
}

/** Offset of the first intact frame at or after `from`, or -1. */
function nextIntactFrame(data: Buffer, from: number): number {
  let at = data.indexOf(MAGIC_BYTES, from);
  while (at !== -1) {
    if (checkFrame(data, at).kind === 'ok') return at;
    at = data.indexOf(MAGIC_BYTES, at + 1);
  }
  return -1;
}
