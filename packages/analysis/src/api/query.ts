import { err, ok } from '../result.js';
import type { Result } from '../result.js';

/** Bounds and default of an integer query parameter. */
export interface IntegerParam {
  /** Smallest accepted value. */
  min: number;
  /** Largest accepted value. */
  max: number;
  /** Value when the parameter is absent. */
  default: number;
}

/**
 * Reads an integer query parameter. The error names the parameter and the accepted range,
 * e.g. `limit: must be an integer between 1 and 10000`.
 */
export function integerParam(
  params: URLSearchParams,
  name: string,
  spec: IntegerParam,
): Result<number, string> {
  const values = params.getAll(name);
  if (values.length === 0) return ok(spec.default);
  const message = `${name}: must be an integer between ${spec.min} and ${spec.max}`;
  if (values.length > 1) return err(`${name}: given more than once`);
  const raw = values[0] ?? '';
  if (!/^-?\d{1,16}$/.test(raw)) return err(message);
  const n = Number(raw);
  if (n < spec.min || n > spec.max) return err(message);
  return ok(n);
}

/** Reads an optional, non-empty string parameter given at most once. */
export function stringParam(
  params: URLSearchParams,
  name: string,
): Result<string | undefined, string> {
  const values = params.getAll(name);
  if (values.length === 0) return ok(undefined);
  if (values.length > 1) return err(`${name}: given more than once`);
  const value = values[0] ?? '';
  if (value === '') return err(`${name}: must not be empty`);
  return ok(value);
}

/** Rejects query parameters the route does not know, naming the first one found. */
export function onlyParams(
  params: URLSearchParams,
  allowed: readonly string[],
): Result<void, string> {
  for (const key of params.keys()) {
    if (!allowed.includes(key)) {
      const known = allowed.length > 0 ? `; known: ${allowed.join(', ')}` : '';
      return err(`${key}: unknown query parameter${known}`);
    }
  }
  return ok(undefined);
}
