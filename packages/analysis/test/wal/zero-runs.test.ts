import { describe, expect, it } from 'vitest';
import { decodeZeroRuns, encodeZeroRuns } from '../../src/wal/zero-runs.js';

const bits = (a: Float64Array): string => Buffer.from(a.buffer).toString('hex');

describe('zero-run encoding of doubles', () => {
  it.each([
    ['empty', []],
    ['all zeros', [0, 0, 0, 0]],
    ['no zeros', [1, 2.5, -3]],
    ['mixed', [0, 0, 1, 0, 2, 0, 0, 0, 3]],
    ['special values', [-0, Number.NaN, Infinity, -Infinity, Number.MIN_VALUE, 0]],
  ])('round-trips %s bit for bit', (_name, values) => {
    const input = Float64Array.from(values);
    const decoded = decodeZeroRuns(encodeZeroRuns(input), input.length);
    expect(bits(decoded)).toBe(bits(input));
  });

  it('splits runs longer than 65,535 values', () => {
    const input = new Float64Array(200_000);
    input[150_000] = 7;
    input.fill(1, 10, 70_010);
    const encoded = encodeZeroRuns(input);
    expect(bits(decodeZeroRuns(encoded, input.length))).toBe(bits(input));
  });

  it('stores a mostly empty record in a fraction of its size', () => {
    const input = new Float64Array(200);
    input[0] = 1;
    input[100] = 2;
    // [0 zeros, 1 value] [99 zeros, 1 value] [99 zeros, none]: 28 bytes instead of 1,600.
    expect(encodeZeroRuns(input).length).toBe(4 + 8 + 4 + 8 + 4);
  });

  it('refuses runs that do not add up to the expected count', () => {
    const encoded = encodeZeroRuns(Float64Array.from([0, 1, 2]));
    expect(() => decodeZeroRuns(encoded, 2)).toThrow(RangeError);
    expect(() => decodeZeroRuns(encoded, 4)).toThrow(RangeError);
    expect(() => decodeZeroRuns(encoded.subarray(0, 6), 3)).toThrow(RangeError);
  });
});
