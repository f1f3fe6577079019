/**
 * Label matchers in Alertmanager's syntax: `name="value"`, `name!="value"`, `name=~"regex"`,
 * `name!~"regex"` (quotes optional for plain values). Regular expressions are anchored at both
 * ends, as in Alertmanager. The shape is the store's {@link SilenceMatcher}.
 */
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import type { SilenceMatcher } from '../store/alert-records.js';
import type { LabelSet } from './labels.js';

/** One label matcher. */
export type Matcher = SilenceMatcher;

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** Parses one matcher (`severity="critical"`, `job=~"api|db"`). */
export function parseMatcher(text: string): Result<Matcher, string> {
  const m = MATCHER.exec(text);
  if (!m) {
    return err(
      `${JSON.stringify(text)}: not a matcher; write name="value", name!="value", name=~"regex" or name!~"regex"`,
    );
  }
  const [, name, op, raw] = m as unknown as [string, string, string, string];
  let value = raw;
  if (raw.startsWith('"')) {
    try {
      value = JSON.parse(raw) as string;
    } catch {
      return err(`${JSON.stringify(text)}: unterminated or invalid quoted value`);
    }
  }
  const matcher: Matcher = {
    name,
    value,
    isRegex: op === '=~' || op === '!~',
    isEqual: op === '=' || op === '=~',
  };
  if (matcher.isRegex) {
    try {
      compile(value);
    } catch (error) {
      return err(
        `${JSON.stringify(text)}: invalid regular expression (${(error as Error).message})`,
      );
    }
  }
  return ok(matcher);
}

/** Parses a list of matchers; the first bad one fails the list, named by index. */
export function parseMatchers(texts: readonly string[]): Result<Matcher[], string> {
  const out: Matcher[] = [];
  for (const [i, text] of texts.entries()) {
    const parsed = parseMatcher(text);
    if (!parsed.ok) return err(`[${i}]: ${parsed.error}`);
    out.push(parsed.value);
  }
  return ok(out);
}

const regexCache = new Map<string, RegExp>();

function compile(source: string): RegExp {
  let re = regexCache.get(source);
  if (re === undefined) {
    re = new RegExp(`^(?:${source})$`, 'u');
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(source, re);
  }
  return re;
}

/** Whether one matcher matches a label set (a missing label reads as the empty string). */
export function matchesOne(matcher: Matcher, labels: LabelSet): boolean {
  const value = labels[matcher.name] ?? '';
  const hit = matcher.isRegex ? compile(matcher.value).test(value) : value === matcher.value;
  return hit === matcher.isEqual;
}

/** Whether every matcher matches (an empty list matches everything). */
export function matchesAll(matchers: readonly Matcher[], labels: LabelSet): boolean {
  for (const m of matchers) if (!matchesOne(m, labels)) return false;
  return true;
}

/** A matcher in Alertmanager's text form. */
export function formatMatcher(m: Matcher): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return `${m.name}${op}${JSON.stringify(m.value)}`;
}
