import { Readable } from 'node:stream';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../src/receivers/read-body.js';
import type { ReadBodyOptions } from '../../src/receivers/read-body.js';
import { seededBytes } from '../helpers/seeded-random.js';

/** A byte stream that hands out `bytes` in `chunkSize` pieces and counts what was pulled. */
function meteredSource(
  bytes: Buffer,
  chunkSize: number,
): { source: Readable; pulled: () => number } {
  let offset = 0;
  const source = new Readable({
    highWaterMark: chunkSize,
    read() {
      if (offset >= bytes.length) {
        this.push(null);
        return;
      }
      this.push(bytes.subarray(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
  return { source, pulled: () => Math.min(offset, bytes.length) };
}

const limits = (coding: ReadBodyOptions['coding'], max = 1024 * 1024): ReadBodyOptions => ({
  coding,
  maxBodyBytes: max,
  maxCompressedBodyBytes: max,
});

describe('readBody', () => {
  const payload = seededBytes(11, 50_000);

  it.each([
    ['identity', payload],
    ['gzip', gzipSync(payload)],
    ['deflate', deflateSync(payload)],
    ['deflate', deflateRawSync(payload)],
  ] as const)('returns the exact bytes of a %s body', async (coding, wire) => {
    const { source } = meteredSource(wire, 1000);
    const result = await readBody(source, limits(coding));
    expect(result.ok && result.value.equals(payload)).toBe(true);
  });

  it('cuts a gzip bomb off after inflating just past the limit, reading a small part of it', async () => {
    const limit = 64 * 1024;
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024), { level: 9 });
    const { source, pulled } = meteredSource(bomb, 256);
    const result = await readBody(source, {
      coding: 'gzip',
      maxBodyBytes: limit,
      maxCompressedBodyBytes: bomb.length,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'too_large',
        message: `request body exceeds ${limit} bytes after decompression`,
      },
    });
    // 32 MiB of zeros compress about 1000:1, so the limit is reached within the first
    // ~70 bytes of input; at most a few 256-byte chunks of the 32 KB are ever read.
    expect(bomb.length).toBeGreaterThan(30_000);
    expect(pulled()).toBeLessThanOrEqual(4 * 256);
  });

  it('refuses a body over the wire limit before decompressing it', async () => {
    const wire = gzipSync(seededBytes(2, 4000));
    const { source } = meteredSource(wire, 500);
    const result = await readBody(source, {
      coding: 'gzip',
      maxBodyBytes: 1e6,
      maxCompressedBodyBytes: 1000,
    });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'too_large', message: 'request body exceeds 1000 bytes before decompression' },
    });
  });

  it('refuses an uncompressed body over the limit', async () => {
    const { source } = meteredSource(payload, 4096);
    const result = await readBody(source, limits('identity', 10_000));
    expect(result).toEqual({
      ok: false,
      error: { kind: 'too_large', message: 'request body exceeds 10000 bytes ' },
    });
  });

  it('reports a corrupt gzip stream as corrupt, naming the coding', async () => {
    const wire = gzipSync(payload);
    wire[wire.length - 5] = (wire[wire.length - 5] ?? 0) ^ 0xff; // break the CRC/length trailer
    const result = await readBody(meteredSource(wire, 1000).source, limits('gzip'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('corrupt');
      expect(result.error.message).toMatch(/^invalid gzip body: /);
    }
  });

  it.each([
    ['gzip', Buffer.alloc(0)],
    ['deflate', Buffer.from([0x78])],
    ['gzip', gzipSync(payload).subarray(0, 100)],
  ] as const)('reports an empty or truncated %s body as corrupt', async (coding, wire) => {
    const result = await readBody(meteredSource(wire, 1000).source, limits(coding));
    expect(!result.ok && result.error.kind).toBe('corrupt');
  });

  it('reports a stream that fails mid-body as aborted and leaves it paused, without listeners', async () => {
    const source = new Readable({ read() {} });
    const reading = readBody(source, limits('gzip'));
    source.push(gzipSync(payload).subarray(0, 10));
    source.destroy(new Error('socket hang up'));
    const result = await reading;
    expect(result).toEqual({
      ok: false,
      error: { kind: 'aborted', message: 'request body stream failed: socket hang up' },
    });
    expect(source.listenerCount('data')).toBe(0);
    expect(source.listenerCount('end')).toBe(0);
  });

  it('reports a stream closed before its end as aborted', async () => {
    const source = new Readable({ read() {} });
    const reading = readBody(source, limits('identity'));
    source.push(Buffer.from('abc'));
    source.destroy();
    const result = await reading;
    expect(!result.ok && result.error.kind).toBe('aborted');
  });
});
