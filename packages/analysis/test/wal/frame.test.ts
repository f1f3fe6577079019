import { describe, expect, it } from 'vitest';
import { crc32, crc32Portable } from '../../src/wal/crc32.js';
import { encodeFrame, scanFrames } from '../../src/wal/frame.js';

const frames = (...texts: string[]): Buffer =>
  Buffer.concat(texts.map((t) => encodeFrame(Buffer.from(t))));
const texts = (data: Buffer): string[] => scanFrames(data).payloads.map((p) => p.toString());

describe('crc32', () => {
  it.each([
    ['', 0],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('CRC-32 of %j is the IEEE check value', (text, expected) => {
    expect(crc32Portable(Buffer.from(text))).toBe(expected);
    expect(crc32(Buffer.from(text))).toBe(expected);
  });

  it('continues from a previous value as one pass does', () => {
    const whole = Buffer.from('123456789');
    expect(crc32Portable(whole.subarray(4), crc32Portable(whole.subarray(0, 4)))).toBe(0xcbf43926);
  });
});

describe('frames', () => {
  it('reads back what was framed', () => {
    const data = frames('alpha', 'beta', '', 'gamma');
    expect(texts(data)).toEqual(['alpha', 'beta', '', 'gamma']);
    expect(scanFrames(data).damaged).toBe(0);
  });

  it('drops only the frame whose payload byte flipped', () => {
    const data = frames('alpha', 'beta', 'gamma');
    data[12 + 5 + 12 + 1] = (data[12 + 5 + 12 + 1] as number) ^ 0x01; // inside "beta"
    const scan = scanFrames(data);
    expect(scan.payloads.map((p) => p.toString())).toEqual(['alpha', 'gamma']);
    expect(scan.damaged).toBe(1);
  });

  it('drops only the frame whose length field is damaged, and finds the next one', () => {
    const data = frames('alpha', 'beta', 'gamma');
    data.writeUInt32LE(3, 12 + 5 + 4); // "beta" claims 3 bytes
    expect(texts(data)).toEqual(['alpha', 'gamma']);
    data.writeUInt32LE(0xfffffff0, 12 + 5 + 4); // and now far past the end
    expect(texts(data)).toEqual(['alpha', 'gamma']);
  });

  it('reports an incomplete last frame as a torn tail, not damage', () => {
    const data = frames('alpha', 'beta');
    const torn = data.subarray(0, data.length - 2);
    const scan = scanFrames(torn);
    expect(scan.payloads.map((p) => p.toString())).toEqual(['alpha']);
    expect(scan.tornTailBytes).toBe(12 + 4 - 2);
    expect(scan.damaged).toBe(0);
  });

  it('skips garbage between frames as one damaged region', () => {
    const data = Buffer.concat([frames('alpha'), Buffer.from('garbage!'), frames('beta')]);
    const scan = scanFrames(data);
    expect(scan.payloads.map((p) => p.toString())).toEqual(['alpha', 'beta']);
    expect(scan.damaged).toBe(1);
  });
});
