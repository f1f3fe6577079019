import { diag } from '@opentelemetry/api';
import { SCOPE_NAME } from '../version.js';

/**
 * The SDK's diagnostic logger. It forwards to whatever logger the application gave
 * `diag.setLogger()` (none by default), so reporting costs nothing unless asked for.
 */
export const logger = diag.createComponentLogger({ namespace: SCOPE_NAME });

/** Describes a thrown value for a log line without risking another throw. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return String(error);
  } catch {
    return 'unprintable error';
  }
}

/**
 * Reports a failure inside the SDK (a throwing user hook, an exporter-side exception, a bad
 * per-call value) and swallows it: the SDK never throws into the host after construction.
 */
export function reportInternalError(where: string, error: unknown): void {
  try {
    logger.warn(`${where}: ${describeError(error)}`);
  } catch {
    // A throwing diag logger must not break the host either.
  }
}

/** Reports a dropped measurement with the reason it was dropped. */
export function reportDropped(where: string, reason: string): void {
  try {
    logger.warn(`${where}: dropped, ${reason}`);
  } catch {
    // See reportInternalError.
  }
}
