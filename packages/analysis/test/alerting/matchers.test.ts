import { describe, expect, it } from 'vitest';
import {
  formatMatcher,
  matchesAll,
  parseMatcher,
  parseMatchers,
} from '../../src/alerting/matchers.js';

function m(text: string) {
  const parsed = parseMatcher(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('matchers', () => {
  it.each([
    ['severity="critical"', { severity: 'critical' }, true],
    ['severity="critical"', { severity: 'warning' }, false],
    ['severity!="critical"', { severity: 'warning' }, true],
    ['severity!="critical"', {}, true],
    ['job=~"api|db"', { job: 'db' }, true],
    ['job=~"api|db"', { job: 'dbx' }, false],
    ['job!~"api.*"', { job: 'apiserver' }, false],
    ['team=', {}, true],
    ['team=""', { team: 'x' }, false],
    ['heterodyne.operation.name=chi_squared', { 'heterodyne.operation.name': 'chi_squared' }, true],
  ])('%s against %j is %s', (text, labels, expected) => {
    expect(matchesAll([m(text)], labels)).toBe(expected);
  });

  it('anchors regular expressions at both ends', () => {
    expect(matchesAll([m('a=~"b"')], { a: 'abc' })).toBe(false);
  });

  it('round-trips through the text form', () => {
    for (const text of ['a="x y"', 'a!="1"', 'a=~"x|y"', 'a!~".*"']) {
      expect(formatMatcher(m(text))).toBe(text);
    }
  });

  it('names the bad matcher and why', () => {
    const bad = parseMatchers(['a="1"', 'oops']);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^\[1\]: "oops": not a matcher/);
    const re = parseMatcher('a=~"("');
    expect(re.ok).toBe(false);
    if (!re.ok) expect(re.error).toMatch(/invalid regular expression/);
  });
});
