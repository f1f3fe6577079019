/** Where the service writes what it does. */
export interface ServiceLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that discards everything (the default for in-process use). */
export const SILENT_LOGGER: ServiceLogger = {
  info() {},
  warn() {},
  error() {},
};

/**
 * A logger writing one line per event: `<ISO time> <level> <message> key=value ...`, values
 * JSON-encoded when they are not plain words. Used by `heterodyne-monitor serve`.
 */
export function createLineLogger(
  write: (line: string) => void,
  now: () => number = Date.now,
): ServiceLogger {
  const log =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      let line = `${new Date(now()).toISOString()} ${level} ${message}`;
      for (const [key, value] of Object.entries(fields ?? {})) {
        const text =
          value instanceof Error
            ? JSON.stringify(value.message)
            : typeof value === 'string' && /^[\w.:/@+-]+$/.test(value)
              ? value
              : encode(value);
        line += ` ${key}=${text}`;
      }
      write(`${line}\n`);
    };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/**
 * A field value as JSON; what JSON cannot encode (a cycle, a BigInt) as its string form. The
 * logger is called from error paths and timers, where a throw would crash the process.
 */
function encode(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(String(value));
  }
}
