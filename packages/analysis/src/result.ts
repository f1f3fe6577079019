/** An expected failure is a value, not an exception. */
export type Result<T, E = Error> = { ok: true; value: T } | { ok: false; error: E };

/** Builds a success. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Builds a failure. */
export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
