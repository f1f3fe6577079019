import type { Readable } from 'node:stream';
import { createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { Transform } from 'node:stream';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import type { BodyCoding } from './http-content.js';

/** Why a request body could not be read. */
export type BodyReadFailure =
  | {
      /** Over `maxBodyBytes` (after decompression) or `maxCompressedBodyBytes` (on the wire). */
      kind: 'too_large';
      message: string;
    }
  | {
      /** The gzip or deflate stream is invalid. */
      kind: 'corrupt';
      message: string;
    }
  | {
      /** The client went away (or the stream broke) before the body ended. */
      kind: 'aborted';
      message: string;
    }
  | {
      /** `reserve` refused more bytes: the receivers' shared memory budget is used up. */
      kind: 'over_budget';
      message: string;
    };

/** Limits and compression of {@link readBody}. */
export interface ReadBodyOptions {
  coding: BodyCoding;
  /** Largest body after decompression, in bytes. */
  maxBodyBytes: number;
  /** Largest body as sent (before decompression), in bytes. */
  maxCompressedBodyBytes: number;
  /**
   * Called with the size of every chunk of the body (after decompression) before it is
   * kept; returning false stops reading with an `over_budget` failure.
   * @default every chunk is kept
   */
  reserve?: (bytes: number) => boolean;
}

/**
 * Reads a request body into one buffer, decompressing gzip or deflate as it streams in.
 * Both limits are checked chunk by chunk, and input is fed to zlib one chunk at a time, so
 * a decompression bomb is cut off as soon as its output passes `maxBodyBytes` (plus at most
 * one 16 KiB zlib output chunk), having read only about one network chunk of input past
 * that point; the rest of its input is never read.
 *
 * On failure the source is left paused with this function's listeners removed: the caller
 * decides whether to discard the rest or close the connection. Never rejects.
 */
export function readBody(
  source: Readable,
  options: ReadBodyOptions,
): Promise<Result<Buffer, BodyReadFailure>> {
  const { coding, maxBodyBytes, maxCompressedBodyBytes, reserve } = options;
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let wireBytes = 0;
    let bodyBytes = 0;
    let settled = false;
    let sourceEnded = false;
    let inflater: Transform | undefined;
    // `deflate` has two framings in the wild: zlib (RFC 1950, what RFC 9110 means) and raw
    // (RFC 1951, sent by some clients). The first two bytes tell them apart.
    let deflatePrefix: Buffer | undefined;

    const settle = (result: Result<Buffer, BodyReadFailure>): void => {
      if (settled) return;
      settled = true;
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onSourceError);
      source.off('close', onSourceClose);
      if (!result.ok) source.pause();
      if (inflater !== undefined) {
        inflater.off('data', onOutput);
        inflater.off('end', onInflated);
        // Keep a listener: a late zlib error after destroy must not become uncaught.
        inflater.on('error', () => {});
        inflater.destroy();
      }
      resolve(result);
    };

    const tooLarge = (what: string, limit: number): void =>
      settle(err({ kind: 'too_large', message: `request body exceeds ${limit} bytes ${what}` }));

    function onOutput(chunk: Buffer): void {
      bodyBytes += chunk.length;
      if (bodyBytes > maxBodyBytes) {
        tooLarge(coding === 'identity' ? '' : 'after decompression', maxBodyBytes);
        return;
      }
      if (reserve !== undefined && !reserve(chunk.length)) {
        settle(
          err({
            kind: 'over_budget',
            message: `the memory for request bodies in flight is used up (${bodyBytes} bytes of this body read); retry later`,
          }),
        );
        return;
      }
      parts.push(chunk);
    }

    function onInflated(): void {
      settle(ok(Buffer.concat(parts, bodyBytes)));
    }

    function onInflateError(error: Error): void {
      settle(err({ kind: 'corrupt', message: `invalid ${coding} body: ${error.message}` }));
    }

    function startInflater(first: Buffer): Transform {
      let stream: Transform;
      if (coding === 'gzip') stream = createGunzip();
      else stream = looksLikeZlib(first) ? createInflate() : createInflateRaw();
      stream.on('data', onOutput);
      stream.once('end', onInflated);
      stream.once('error', onInflateError);
      return stream;
    }

    function feed(chunk: Buffer): void {
      if (inflater === undefined) {
        if (coding === 'deflate') {
          deflatePrefix = deflatePrefix ? Buffer.concat([deflatePrefix, chunk]) : chunk;
          if (deflatePrefix.length < 2) return;
          chunk = deflatePrefix;
          deflatePrefix = undefined;
        }
        inflater = startInflater(chunk);
      }
      // One chunk at a time: reading waits until zlib consumed the previous chunk, so the
      // input read ahead of the size check is one network chunk, not a full write buffer.
      source.pause();
      inflater.write(chunk, () => {
        if (!settled) source.resume();
      });
    }

    function onData(chunk: Buffer): void {
      wireBytes += chunk.length;
      if (wireBytes > maxCompressedBodyBytes) {
        tooLarge(coding === 'identity' ? '' : 'before decompression', maxCompressedBodyBytes);
        return;
      }
      if (coding === 'identity') onOutput(chunk);
      else feed(chunk);
    }

    function onEnd(): void {
      sourceEnded = true;
      if (coding === 'identity') {
        settle(ok(Buffer.concat(parts, bodyBytes)));
        return;
      }
      // A body shorter than the two bytes needed to pick the deflate framing is corrupt
      // either way; zlib says so.
      inflater ??= startInflater(deflatePrefix ?? Buffer.alloc(0));
      if (deflatePrefix !== undefined) inflater.write(deflatePrefix);
      inflater.end();
    }

    function onSourceError(error: Error): void {
      if (sourceEnded) return;
      settle(err({ kind: 'aborted', message: `request body stream failed: ${error.message}` }));
    }

    function onSourceClose(): void {
      // After 'end', 'close' is the normal auto-destroy; the inflater may still be finishing.
      if (sourceEnded) return;
      settle(err({ kind: 'aborted', message: 'client closed the connection mid-body' }));
    }

    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onSourceError);
    source.once('close', onSourceClose);
    source.resume();
  });
}

/** True when `bytes` starts with a zlib header (RFC 1950 §2.2: CM = 8, FCHECK). */
function looksLikeZlib(bytes: Buffer): boolean {
  const cmf = bytes[0];
  const flg = bytes[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}
