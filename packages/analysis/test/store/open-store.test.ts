import { describe, expect, it } from 'vitest';
import { parseStoreUrl } from '../../src/store/open-store.js';
import { redactConnectionString, splitSchemaParameter } from '../../src/store/postgres-store.js';

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite:data/h.db', { kind: 'sqlite', path: 'data/h.db' }],
    ['sqlite:///var/lib/h.db', { kind: 'sqlite', path: '/var/lib/h.db' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    [':memory:', { kind: 'sqlite', path: ':memory:' }],
    [
      './monitoring-data/heterodyne.db',
      { kind: 'sqlite', path: './monitoring-data/heterodyne.db' },
    ],
    ['/abs/h.db', { kind: 'sqlite', path: '/abs/h.db' }],
    ['C:\\data\\h.db', { kind: 'sqlite', path: 'C:\\data\\h.db' }],
    ['  h.db  ', { kind: 'sqlite', path: 'h.db' }],
    [
      'postgres://u:p@db.example:5432/mon',
      { kind: 'postgres', connectionString: 'postgres://u:p@db.example:5432/mon' },
    ],
    [
      'postgresql://u@db/mon?sslmode=require&schema=team_a',
      {
        kind: 'postgres',
        connectionString: 'postgresql://u@db/mon?sslmode=require',
        schema: 'team_a',
      },
    ],
    ['POSTGRES://db/mon', { kind: 'postgres', connectionString: 'postgres://db/mon' }],
  ])('reads %s', (url, expected) => {
    expect(parseStoreUrl(url)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', /empty/],
    ['sqlite:', /names no file/],
    ['mysql://db/mon', /unsupported URL scheme 'mysql:'/],
    ['postgres://u:secret@[bad/mon', /is not a valid URL/],
  ])('refuses %j', (url, message) => {
    const result = parseStoreUrl(url);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('invalid-config');
    expect(!result.ok && result.error.message).toMatch(message);
    expect(!result.ok && result.error.message).toMatch(/^store: /);
    expect(!result.ok && result.error.message).not.toContain('secret');
  });
});

describe('redactConnectionString', () => {
  it('replaces the password and keeps everything else', () => {
    expect(redactConnectionString('postgres://u:pw@h:1/d?sslmode=require')).toBe(
      'postgres://u:***@h:1/d?sslmode=require',
    );
    expect(redactConnectionString('postgres://u@h/d')).toBe('postgres://u@h/d');
    expect(redactConnectionString('not a url')).toBe('postgres://(unparseable URL)');
  });
});

describe('splitSchemaParameter', () => {
  it('moves the schema parameter out of the URL, an explicit schema winning', () => {
    expect(splitSchemaParameter('postgres://h/d?schema=a&sslmode=disable')).toEqual({
      connectionString: 'postgres://h/d?sslmode=disable',
      schema: 'a',
    });
    expect(splitSchemaParameter('postgres://h/d?schema=a', 'b')).toEqual({
      connectionString: 'postgres://h/d',
      schema: 'b',
    });
    expect(splitSchemaParameter('postgres://h/d', 'b')).toEqual({
      connectionString: 'postgres://h/d',
      schema: 'b',
    });
    expect(splitSchemaParameter('postgres://h/d')).toEqual({ connectionString: 'postgres://h/d' });
  });
});
