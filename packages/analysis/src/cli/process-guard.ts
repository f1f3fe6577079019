/**
 * Process-level handlers of `serve`: an error that escapes every request handler is logged
 * (credentials redacted), counted in `heterodyne.monitor.process.errors`, and the service
 * keeps serving where that is safe.
 *
 * - An unhandled promise rejection is always survived: the operation that created the
 *   promise failed, and no other state depends on a rejection nobody awaited.
 * - An uncaught exception is survived while they stay rare: at most `maxUncaught` within
 *   `windowMillis`. More than that means a fault that repeats (a timer or a socket handler
 *   throwing every time), and state may be half-updated, so `onFatal` is called: `serve`
 *   shuts down gracefully (drain, checkpoint) and exits with status 3 for a supervisor to
 *   restart it. An exception thrown while shutting down exits the same way.
 */
import type { ServiceLogger } from '../service/logger.js';

/** The error kinds, as counted (`error.type`). */
export type ProcessErrorKind = 'unhandled_rejection' | 'uncaught_exception';

/** Default uncaught exceptions survived within {@link DEFAULT_UNCAUGHT_WINDOW_MILLIS}. */
export const DEFAULT_MAX_UNCAUGHT = 10;
/** Default window of the uncaught-exception budget: one minute. */
export const DEFAULT_UNCAUGHT_WINDOW_MILLIS = 60_000;

/** Options of {@link installProcessGuard}. */
export interface ProcessGuardOptions {
  logger: ServiceLogger;
  /** Redacts credentials from a message or stack before it is logged. */
  redact: (text: string) => string;
  /** Counts one survived (or fatal) error. */
  count: (kind: ProcessErrorKind) => void;
  /** Called once when the process should stop (see the module comment). */
  onFatal: (error: unknown) => void;
  /**
   * Uncaught exceptions survived within `windowMillis`; the next one is fatal.
   * @default 10
   */
  maxUncaught?: number;
  /**
   * Window of the uncaught-exception budget, in milliseconds.
   * @default 60000
   */
  windowMillis?: number;
  /** The emitter of `unhandledRejection`/`uncaughtException`. @default process */
  target?: NodeJS.EventEmitter;
  /** @default Date.now */
  now?: () => number;
}

/** Describes a thrown value for the log: its stack (or message), redacted. */
function describe(error: unknown, redact: (text: string) => string): string {
  if (error instanceof Error) return redact(error.stack ?? `${error.name}: ${error.message}`);
  let text: string;
  try {
    text = typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    text = String(error);
  }
  return redact(text);
}

/** Installs the handlers; returns a function that removes them. */
export function installProcessGuard(options: ProcessGuardOptions): () => void {
  const target = options.target ?? process;
  const maxUncaught = options.maxUncaught ?? DEFAULT_MAX_UNCAUGHT;
  const windowMillis = options.windowMillis ?? DEFAULT_UNCAUGHT_WINDOW_MILLIS;
  const now = options.now ?? Date.now;
  const recent: number[] = [];
  let fatal = false;

  const onRejection = (reason: unknown): void => {
    options.count('unhandled_rejection');
    options.logger.error(
      `unhandled promise rejection (the service keeps serving): ${describe(reason, options.redact)}`,
    );
  };
  const onException = (error: unknown): void => {
    options.count('uncaught_exception');
    const t = now();
    recent.push(t);
    while (recent.length > 0 && (recent[0] as number) <= t - windowMillis) recent.shift();
    const text = describe(error, options.redact);
    if (fatal || recent.length > maxUncaught) {
      options.logger.error(
        `uncaught exception, ${recent.length} within ${windowMillis / 1000} s (more than ${maxUncaught}): stopping: ${text}`,
      );
      if (!fatal) {
        fatal = true;
        options.onFatal(error);
      }
      return;
    }
    options.logger.error(`uncaught exception (the service keeps serving): ${text}`);
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
