import { timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

/** What a secret shows wherever it is printed, logged or serialized. */
export const REDACTED = '<redacted>';

/**
 * A secret value from the environment (a bearer token, a password, a header value).
 * It prints as `<redacted>` through `String()`, template literals, `JSON.stringify` and
 * `console.log`, so logging a config object never leaks it; `reveal()` returns the value
 * for the one place that needs it.
 */
export class Secret {
  readonly #value: string;

  /** @param value the secret text; `source` names where it came from, for messages. */
  constructor(
    value: string,
    /** Where the value came from (`env HETERODYNE_INGEST_TOKEN`), safe to print. */
    readonly source: string,
    /** The environment variable that held it, when it was read by name. */
    readonly envVariable?: string,
  ) {
    this.#value = value;
  }

  /** The secret text. */
  reveal(): string {
    return this.#value;
  }

  /** Whether `candidate` equals the secret, compared in constant time for equal lengths. */
  matches(candidate: string): boolean {
    const a = Buffer.from(this.#value);
    const b = Buffer.from(candidate);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED}, from ${this.source})`;
  }
}

/** The values of every {@link Secret} inside `value` (a configuration object), for redaction. */
export function secretValues(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (v instanceof Secret) {
      out.push(v.reveal());
      return;
    }
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    for (const item of Array.isArray(v) ? v : Object.values(v)) walk(item);
  };
  walk(value);
  return out;
}
