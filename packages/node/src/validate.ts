/**
 * Checks of explicit `startMonitoring` options. An invalid explicit option is a programming
 * error, so these throw, with a message that names the option and what was wrong.
 */

/** Throws `startMonitoring: options.<path>: <problem>`. */
export function invalidOption(path: string, problem: string): never {
  throw new Error(`startMonitoring: options.${path}: ${problem}`);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Rejects keys that are not options (typos would otherwise be silently ignored). */
export function assertKnownKeys(prefix: string, value: object, known: readonly string[]): void {
  if (typeof value !== 'object' || value === null) {
    invalidOption(prefix.replace(/\.$/, ''), 'must be an object');
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      invalidOption(`${prefix}${key}`, `unknown option; known options: ${known.join(', ')}`);
    }
  }
}

/** A non-empty string, when given. */
export function assertNonEmptyString(path: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.trim() === '') {
    invalidOption(path, `must be a non-empty string, got ${describe(value)}`);
  }
}

/** A boolean, when given. */
export function assertBoolean(path: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    invalidOption(path, `must be a boolean, got ${describe(value)}`);
  }
}

/** A finite number > 0, when given. */
export function assertPositiveNumber(path: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    invalidOption(path, `must be a finite number > 0, got ${describe(value)}`);
  }
}

/** One of `allowed`, when given. */
export function assertEnum(path: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    invalidOption(path, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
}

/** An absolute `http:`/`https:` URL (or `unix:` socket, for gRPC), when given. */
export function assertUrl(path: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string')
    invalidOption(path, `must be a URL string, got ${describe(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new Error(`startMonitoring: options.${path}: not a valid URL: ${describe(value)}`, {
      cause,
    });
  }
  if (!['http:', 'https:', 'unix:'].includes(url.protocol)) {
    invalidOption(path, `must use http:, https: or unix:, got ${describe(value)}`);
  }
}

/** An object of non-empty header names to string values, when given. */
export function assertHeaders(path: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalidOption(path, 'must be an object of header names to string values');
  }
  for (const [name, v] of Object.entries(value)) {
    if (name.trim() === '') invalidOption(path, 'has an empty header name');
    if (typeof v !== 'string') {
      invalidOption(`${path}.${name}`, `must be a string, got ${describe(v)}`);
    }
  }
}
