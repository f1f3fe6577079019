import type { Exception } from '@opentelemetry/api';

/** Longest `error.type` value recorded; longer names are cut to keep cardinality bounded. */
const MAX_ERROR_TYPE_LENGTH = 64;

/** The value OpenTelemetry's `error.type` uses when no better class name is known. */
export const ERROR_TYPE_OTHER = '_OTHER';

/**
 * The low-cardinality class of a thrown value for `error.type`: the error's `name`
 * (`RangeError`, or a custom error's own name), else its constructor's name, else `_OTHER`.
 * See https://opentelemetry.io/docs/specs/semconv/attributes-registry/error/
 */
export function errorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return ERROR_TYPE_OTHER;
  try {
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name.length > 0) return name.slice(0, MAX_ERROR_TYPE_LENGTH);
    const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === 'string' && ctor.length > 0) return ctor.slice(0, MAX_ERROR_TYPE_LENGTH);
  } catch {
    // A throwing getter on a thrown value: fall through to the generic type.
  }
  return ERROR_TYPE_OTHER;
}

/** The message of a thrown value, for span status. */
export function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) return error.message;
    return String(error);
  } catch {
    return '';
  }
}

/** A thrown value in the shape `span.recordException` accepts. */
export function asException(error: unknown): Exception {
  if (error instanceof Error) return error;
  if (typeof error === 'string') return error;
  return errorMessage(error);
}
