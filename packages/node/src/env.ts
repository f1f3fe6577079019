/**
 * Parsers for `OTEL_*` environment variables, following the OpenTelemetry SDK configuration
 * spec: https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/
 *
 * Pure: they take the environment as an argument. Malformed values are never fatal (the spec
 * says an SDK must not fail to start because of one); they come back as a warning and the
 * caller falls back to its default.
 */

/** An environment, as `process.env` types it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A parsed value, or the warning explaining why the variable was ignored. */
export type EnvValue<T> = { value: T | undefined; warning?: string };

/** Reads a variable; empty or whitespace-only values count as unset, as the spec requires. */
export function readEnvString(env: Environment, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Reads a boolean: `true` (any case) is true, `false` is false, anything else warns. */
export function readEnvBoolean(env: Environment, name: string): EnvValue<boolean> {
  const raw = readEnvString(env, name);
  if (raw === undefined) return { value: undefined };
  const lower = raw.toLowerCase();
  if (lower === 'true') return { value: true };
  if (lower === 'false') return { value: false };
  return { value: undefined, warning: `${name}=${raw}: expected true or false; ignored` };
}

/** Reads a positive finite number (durations in milliseconds, sizes). */
export function readEnvPositiveNumber(env: Environment, name: string): EnvValue<number> {
  const raw = readEnvString(env, name);
  if (raw === undefined) return { value: undefined };
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    return { value: undefined, warning: `${name}=${raw}: expected a number > 0; ignored` };
  }
  return { value };
}

/** Reads one value out of a fixed set (case-insensitive, normalised to the set's spelling). */
export function readEnvEnum<T extends string>(
  env: Environment,
  name: string,
  allowed: readonly T[],
): EnvValue<T> {
  const raw = readEnvString(env, name);
  if (raw === undefined) return { value: undefined };
  const found = allowed.find((a) => a === raw.toLowerCase());
  if (found === undefined) {
    return {
      value: undefined,
      warning: `${name}=${raw}: expected one of ${allowed.join(', ')}; ignored`,
    };
  }
  return { value: found };
}

/** Reads a comma-separated list of values out of a fixed set; unknown entries warn. */
export function readEnvEnumList<T extends string>(
  env: Environment,
  name: string,
  allowed: readonly T[],
): EnvValue<T[]> {
  const raw = readEnvString(env, name);
  if (raw === undefined) return { value: undefined };
  const entries = raw
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  const unknown = entries.filter((e) => !(allowed as readonly string[]).includes(e));
  if (unknown.length > 0) {
    return {
      value: undefined,
      warning: `${name}=${raw}: unknown value(s) ${unknown.join(', ')}; expected ${allowed.join(', ')}; ignored`,
    };
  }
  return { value: entries as T[] };
}

/**
 * Parses the W3C-baggage-like `key=value,key2=value2` list used by
 * `OTEL_RESOURCE_ATTRIBUTES`: `,` and `=` inside keys and values must be percent-encoded, and
 * other characters may be. On any malformed entry the whole variable is discarded, as the
 * resource spec requires: https://opentelemetry.io/docs/specs/otel/resource/sdk/#specifying-resource-information-via-an-environment-variable
 */
export function readEnvKeyValueList(
  env: Environment,
  name: string,
): EnvValue<Record<string, string>> {
  const raw = readEnvString(env, name);
  if (raw === undefined) return { value: undefined };
  const out: Record<string, string> = {};
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const parts = entry.split('=');
    const [rawKey, rawValue] = parts;
    if (parts.length !== 2 || rawKey === undefined || rawValue === undefined) {
      return { value: undefined, warning: `${name}: entry "${entry}" is not key=value; ignored` };
    }
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.trim());
      value = decodeURIComponent(rawValue.trim());
    } catch {
      return {
        value: undefined,
        warning: `${name}: entry "${entry}" has a malformed percent-encoding; ignored`,
      };
    }
    if (key === '') {
      return { value: undefined, warning: `${name}: entry "${entry}" has an empty key; ignored` };
    }
    out[key] = value;
  }
  return { value: out };
}
