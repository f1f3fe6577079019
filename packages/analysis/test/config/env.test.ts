import { describe, expect, it } from 'vitest';
import { expandEnv, hasEnvReference } from '../../src/config/env.js';

const env = { TOKEN: 's3cret', EMPTY: '', HOST: 'db.internal', PORT: '5432' };

describe('expandEnv', () => {
  it.each([
    ['plain text', 'plain text'],
    ['${TOKEN}', 's3cret'],
    ['${env:TOKEN}', 's3cret'],
    ['Bearer ${TOKEN}', 'Bearer s3cret'],
    ['${HOST}:${PORT}', 'db.internal:5432'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${env:MISSING:-a:b}', 'a:b'],
    ['${EMPTY:-used when empty}', 'used when empty'],
    ['${TOKEN:-unused}', 's3cret'],
    ['$${TOKEN}', '${TOKEN}'],
    ['cost: $5', 'cost: $5'],
    ['$$$${TOKEN}', '$${TOKEN}'],
    ['a$$b', 'a$b'],
  ])('expands %j to %j', (text, expected) => {
    const result = expandEnv(text, env);
    expect(result.ok && result.value.value).toBe(expected);
  });

  it('reports which variables were referenced and whether the text was one reference', () => {
    expect(expandEnv('${TOKEN}', env)).toEqual({
      ok: true,
      value: { value: 's3cret', variables: ['TOKEN'], wholeReference: true },
    });
    expect(expandEnv('x${HOST}${HOST}', env)).toEqual({
      ok: true,
      value: { value: 'xdb.internaldb.internal', variables: ['HOST'], wholeReference: false },
    });
  });

  it('names a missing variable', () => {
    expect(expandEnv('Bearer ${BACKEND_TOKEN}', env)).toEqual({
      ok: false,
      error: 'environment variable BACKEND_TOKEN is not set',
    });
  });

  it('names every missing variable once', () => {
    expect(expandEnv('${A}${B}${A}', {})).toEqual({
      ok: false,
      error: 'environment variables A, B are not set',
    });
  });

  it('keeps an empty variable without a fallback as empty', () => {
    expect(expandEnv('x${EMPTY}y', env)).toMatchObject({ ok: true, value: { value: 'xy' } });
  });

  it.each([
    ['${TOKEN', /unterminated/],
    ['${1BAD}', /invalid environment reference/],
    ['${}', /invalid environment reference/],
    ['${a-b}', /invalid environment reference/],
  ])('refuses the malformed reference %j', (text, message) => {
    const result = expandEnv(text, env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('hasEnvReference', () => {
  it.each([
    ['${X}', true],
    ['Bearer ${X}', true],
    ['$${X}', false],
    ['$5', false],
    ['plain', false],
  ])('%j → %s', (text, expected) => {
    expect(hasEnvReference(text)).toBe(expected);
  });
});
