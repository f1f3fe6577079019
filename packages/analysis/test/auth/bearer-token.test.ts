import { describe, expect, it } from 'vitest';
import { createBearerTokenCheck, parseBearerToken } from '../../src/auth/bearer-token.js';

describe('createBearerTokenCheck', () => {
  const check = createBearerTokenCheck(['alpha-token', 'beta-token']);

  it.each([
    ['Bearer alpha-token', 'ok'],
    ['Bearer beta-token', 'ok'],
    ['bearer beta-token', 'ok'],
    ['  Bearer   alpha-token  ', 'ok'],
    [undefined, 'missing'],
    ['', 'missing'],
    ['   ', 'missing'],
    ['Bearer alpha-tokenx', 'invalid'],
    ['Bearer alpha', 'invalid'],
    ['Bearer ', 'invalid'],
    ['Basic YWxwaGEtdG9rZW4=', 'invalid'],
    ['alpha-token', 'invalid'],
    ['Bearer alpha-token beta-token', 'invalid'],
  ])('%j is %s', (header, expected) => {
    expect(check(header)).toBe(expected);
  });

  it('lets everything through when no token is configured (empty strings do not count)', () => {
    const open = createBearerTokenCheck(['']);
    expect(open(undefined)).toBe('ok');
    expect(open('Bearer anything')).toBe('ok');
  });
});

describe('parseBearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['BEARER  abc ', 'abc'],
    // RFC 6750: only spaces separate scheme and token; gRPC drops a value holding a tab.
    ['Bearer\tabc', null],
    [undefined, undefined],
    [' \t', undefined],
    ['Bearer', null],
    ['Token abc', null],
    ['Bearer a b', null],
  ])('%j reads as %j', (header, expected) => {
    expect(parseBearerToken(header)).toBe(expected);
  });
});
