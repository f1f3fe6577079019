/**
 * `${ENV}` references in configuration strings, as the OpenTelemetry Collector writes them:
 *
 * - `${NAME}` and `${env:NAME}` are replaced by the variable's value;
 * - `${NAME:-fallback}` uses `fallback` when the variable is unset or empty;
 * - `$$` is a literal `$` (so `$${NAME}` stays `${NAME}`); any other `$` is left alone.
 *
 * A reference to an unset variable without a fallback is an error that names the variable,
 * so a missing secret stops start-up instead of becoming an empty token.
 */
import { err, ok } from '../result.js';
import type { Result } from '../result.js';

/** Environment variables by name, as `process.env` holds them. Passed in, never read here. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A string after expansion. */
export interface Expanded {
  /** The string with every reference replaced. */
  value: string;
  /** Names of the variables referenced (in order, with repeats removed). */
  variables: string[];
  /** True when the whole string was a single reference (`${NAME}`), nothing around it. */
  wholeReference: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Expands `${...}` references in `text` from `env`. */
export function expandEnv(text: string, env: Environment): Result<Expanded, string> {
  if (!text.includes('$')) return ok({ value: text, variables: [], wholeReference: false });
  let out = '';
  const variables: string[] = [];
  const missing: string[] = [];
  let references = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next !== '{') {
      out += '$';
      i += 1;
      continue;
    }
    const close = text.indexOf('}', i + 2);
    if (close < 0) return err(`unterminated environment reference "${text.slice(i)}"`);
    const body = text.slice(i + 2, close);
    const withoutPrefix = body.startsWith('env:') ? body.slice(4) : body;
    const fallbackAt = withoutPrefix.indexOf(':-');
    const name = fallbackAt < 0 ? withoutPrefix : withoutPrefix.slice(0, fallbackAt);
    if (!NAME.test(name)) {
      return err(
        `invalid environment reference "\${${body}}": expected \${NAME}, \${env:NAME} or \${NAME:-fallback}`,
      );
    }
    if (!variables.includes(name)) variables.push(name);
    references += 1;
    const value = env[name];
    if (value !== undefined && (value !== '' || fallbackAt < 0)) {
      out += value;
    } else if (fallbackAt >= 0) {
      out += withoutPrefix.slice(fallbackAt + 2);
    } else if (!missing.includes(name)) {
      missing.push(name);
    }
    i = close + 1;
  }
  if (missing.length === 1) return err(`environment variable ${missing[0]} is not set`);
  if (missing.length > 1) return err(`environment variables ${missing.join(', ')} are not set`);
  const wholeReference = references === 1 && /^\$\{[^}]*\}$/.test(text);
  return ok({ value: out, variables, wholeReference });
}

/** Whether `text` contains at least one `${...}` reference (not counting `$${` escapes). */
export function hasEnvReference(text: string): boolean {
  for (let i = 0; i < text.length - 1; i += 1) {
    if (text[i] !== '$') continue;
    if (text[i + 1] === '$') {
      i += 1;
      continue;
    }
    if (text[i + 1] === '{') return true;
  }
  return false;
}
