import { describe, expect, it } from 'vitest';
import { parseContentEncoding, parseContentType } from '../../src/receivers/http-content.js';

describe('parseContentType', () => {
  it.each([
    ['application/x-protobuf', 'protobuf'],
    ['application/protobuf', 'protobuf'],
    ['Application/X-Protobuf', 'protobuf'],
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['  application/json ;charset="UTF-8"', 'json'],
    ['text/plain', undefined],
    ['application/jsonx', undefined],
    ['application/grpc', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j names %s', (header, expected) => {
    expect(parseContentType(header)).toBe(expected);
  });
});

describe('parseContentEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['identity', 'identity'],
    ['gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    [' deflate ', 'deflate'],
    ['br', undefined],
    ['zstd', undefined],
    ['gzip, deflate', undefined],
  ])('%j names %s', (header, expected) => {
    expect(parseContentEncoding(header)).toBe(expected);
  });
});
