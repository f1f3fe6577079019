import { describe, expect, it } from 'vitest';
import { formatDuration, formatSize, parseDuration, parseSize } from '../../src/config/units.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['250ms', 250],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
    ['.5s', 500],
    ['7d', 604_800_000],
    ['100us', 0.1],
    ['100µs', 0.1],
    ['2000000ns', 2],
    ['0', 0],
    [' 10s ', 10_000],
  ])('reads %s as %d ms', (text, millis) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: millis });
  });

  it.each(['30', '5 m', 's', '1x', '-5s', '', '1h-30m', '5mm'])('refuses %j', (text) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/must be a duration like 30s/);
  });
});

describe('formatDuration', () => {
  it.each([
    [30_000, '30s'],
    [90_000, '1m30s'],
    [86_400_000, '24h'],
    [172_800_000, '2d'],
    [250, '250ms'],
    [0, '0s'],
    [3_601_001, '1h1s1ms'],
  ])('writes %d ms as %s', (millis, text) => {
    expect(formatDuration(millis)).toBe(text);
  });

  it.each([1, 999, 61_000, 3_600_000, 5_400_000, 604_800_000])('round-trips %d ms', (millis) => {
    expect(parseDuration(formatDuration(millis))).toEqual({ ok: true, value: millis });
  });
});

describe('parseSize', () => {
  it.each([
    ['16MiB', 16 * 1024 * 1024],
    ['16mib', 16 * 1024 * 1024],
    ['512KiB', 512 * 1024],
    ['1GiB', 1024 ** 3],
    ['1.5KiB', 1536],
    ['512KB', 512_000],
    ['2MB', 2_000_000],
    ['100B', 100],
    ['1048576', 1_048_576],
    ['4 MiB', 4 * 1024 * 1024],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseSize(text)).toEqual({ ok: true, value: bytes });
  });

  it.each(['16XB', 'MiB', '-1', '1e6', ''])('refuses %j', (text) => {
    expect(parseSize(text).ok).toBe(false);
  });
});

describe('formatSize', () => {
  it.each([
    [16 * 1024 * 1024, '16MiB'],
    [1536, '1536B'],
    [2048, '2KiB'],
    [1_000_000, '1000000B'],
    [2 ** 40, '1TiB'],
  ])('writes %d bytes as %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
    expect(parseSize(text)).toEqual({ ok: true, value: bytes });
  });
});
