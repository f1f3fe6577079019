import { describe, expect, it } from 'vitest';
import type { Attributes } from '../../src/otlp/model.js';
import { attributesKey, scopeKey, streamKey } from '../../src/series/stream-identity.js';

describe('stream identity', () => {
  it('does not depend on attribute order', () => {
    const a = attributesKey({ b: 1, a: 'x', c: true });
    expect(attributesKey({ c: true, a: 'x', b: 1 })).toBe(a);
    expect(attributesKey({ a: 'x', b: 1, c: true })).toBe(a);
  });

  it.each<[string, Attributes, Attributes]>([
    ['string vs number', { a: '1' }, { a: 1 }],
    ['string vs boolean', { a: 'true' }, { a: true }],
    ['key/value boundary', { ab: 'c' }, { a: 'bc' }],
    ['quotes inside values', { a: 'x"b"y' }, { a: 'x', b: 'y' }],
    ['array vs string', { a: ['x', 'y'] }, { a: 'x,y' }],
    ['nested list vs flat', { a: { b: 'c' } }, { 'a.b': 'c' }],
    ['empty string vs absent', { a: '' }, {}],
    ['bytes vs hex string', { a: new Uint8Array([1, 2]) }, { a: '0102' }],
    ['null vs "null"', { a: null }, { a: 'null' }],
  ])('tells apart %s', (_name, x, y) => {
    expect(attributesKey(x)).not.toBe(attributesKey(y));
  });

  it('gives equal keys to equal nested values', () => {
    expect(attributesKey({ a: [1, { y: 2, x: 1 }], b: new Uint8Array([255]) })).toBe(
      attributesKey({ b: new Uint8Array([255]), a: [1, { x: 1, y: 2 }] }),
    );
  });

  it('separates scope name and version, and metric names, in the full key', () => {
    expect(scopeKey('r', 'a', 'bc')).not.toBe(scopeKey('r', 'ab', 'c'));
    expect(streamKey('p', 'm', '')).not.toBe(streamKey('p', 'm2', ''));
  });
});
