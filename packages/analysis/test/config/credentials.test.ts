import { describe, expect, it } from 'vitest';
import {
  isLiteralSecret,
  literalUrlCredential,
  literalView,
  redactCredentials,
} from '../../src/config/credentials.js';
import { errors, parse } from './helpers.js';

describe('literal credentials', () => {
  it('sees the defaults of ${NAME:-default} as text written in the file', () => {
    expect(literalView('a${X}b${Y:-c}$$d')).toBe('a\u0000bc$d');
  });

  it.each([
    ['Bearer ${TOKEN}', false],
    ['${TOKEN}', false],
    ['Basic\t${CREDENTIALS}', false],
    ['Bearer ${TOKEN:-abc123}', true],
    ['${TOKEN:-abc123}', true],
    ['Bearer abc${TOKEN}', true],
    ['Bearer abc', true],
  ])('header value %j is literal: %s', (raw, literal) => {
    expect(isLiteralSecret(raw)).toBe(literal);
  });

  it.each([
    ['postgres://monitor:${PGPASSWORD}@db/h', undefined],
    ['${DATABASE_URL}', undefined],
    ['postgres://monitor@db/h?sslmode=require', undefined],
    ['postgres://monitor:${PGPASSWORD:-hunter2}@db/h', 'a literal password (user:password@)'],
    ['${DATABASE_URL:-postgres://u:hunter2@db/h}', 'a literal password (user:password@)'],
    ['postgres://monitor@db/h?password=hunter2', 'a literal credential in its query (password=)'],
    ['postgres://monitor@db/h?sslmode=require&Password=${P:-x}', expect.stringContaining('query')],
    ['https://backend/v1?token=${TOKEN}', undefined],
  ])('URL %j', (raw, problem) => {
    expect(literalUrlCredential(raw)).toEqual(problem);
  });

  it('redacts URL passwords, credential parameters, authorization values and known secrets', () => {
    const text =
      'connect postgres://monitor:hunter2@db/h?sslmode=require&password=pw9 failed; sent Authorization: Bearer tok-12345 and api-key-777';
    const out = redactCredentials(text, ['api-key-777', 'ab']);
    for (const secret of ['hunter2', 'pw9', 'tok-12345', 'api-key-777']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toBe(
      'connect postgres://monitor:<redacted>@db/h?sslmode=require&password=<redacted> failed; sent Authorization: Bearer <redacted> and <redacted>',
    );
  });
});

describe('configuration secrets', () => {
  it('refuses a literal default in a credential header, a store URL and a bot token', () => {
    const messages = errors(
      [
        'exporters:',
        '  otlp:',
        '    endpoint: https://backend',
        '    headers:',
        '      authorization: Bearer ${UNSET_TOKEN:-abc123}',
        'store: postgres://monitor:${UNSET_PW:-hunter2}@db/heterodyne',
        'alerting:',
        '  channels:',
        '    slack:',
        '      type: slack',
        '      config:',
        '        bot_token: ${UNSET_SLACK:-xoxb-123}',
        '        channel: "#alerts"',
        '',
      ].join('\n'),
    );
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/exporters\.otlp\.headers\.authorization: carries a credential/);
    expect(messages[1]).toMatch(/^config\.yaml:6:8: store: must not hold a literal password/);
    expect(messages[2]).toMatch(/bot_token: must come from the environment/);
    const all = messages.join('\n');
    for (const secret of ['abc123', 'hunter2', 'xoxb-123']) expect(all).not.toContain(secret);
  });

  it('refuses ?password= in the store URL and credentials in an exporter endpoint', () => {
    const messages = errors(
      'exporters:\n  otlp:\n    endpoint: https://user:s3cret@backend/\nstore: postgres://monitor@db/h?password=hunter2\n',
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /^config\.yaml:3:15: exporters\.otlp\.endpoint: must not hold a literal password/,
      ),
      expect.stringMatching(
        /^config\.yaml:4:8: store: must not hold a literal credential in its query \(password=\)/,
      ),
    ]);
    expect(messages.join('\n')).not.toMatch(/s3cret|hunter2/);
  });

  it('accepts credentials that come from the environment, and never prints them', () => {
    const c = parse(
      'exporters:\n  otlp:\n    endpoint: https://user:${EXPORT_PW}@backend/\nstore: postgres://monitor@db/h?password=${PGPW}\n',
      { EXPORT_PW: 'pw-export-1', PGPW: 'pw-store-2' },
    );
    expect(c.store.kind).toBe('postgres');
    expect(JSON.stringify(c.store)).not.toContain('pw-store-2');
  });
});
