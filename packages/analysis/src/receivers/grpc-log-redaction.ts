/**
 * Keeps credentials out of grpc-js's own log. grpc-js drops a metadata entry whose value
 * has characters outside printable ASCII (`authorization: Bearer\t<token>` has a tab) and
 * logs `Failed to add metadata entry <key>: <value>...` at ERROR level, value included; its
 * debug traces can print metadata too. The filter installed here wraps whatever logger
 * grpc-js has (the default one writes to stderr) and rewrites every message first.
 */
import { createRequire } from 'node:module';
import { setLogger } from '@grpc/grpc-js';

const REDACTED = '[redacted]';
const INSTALLED = Symbol.for('heterodyne.grpc-log-redaction');
const FAILED_ENTRY = /^(Failed to add metadata entry [^:]*:) [\s\S]*$/;
const CREDENTIAL = /\b(bearer|basic)([\s:=]+)[^\s,;"'}]+/gi;
const AUTH_HEADER = /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)[^\r\n,;"'}]+/gi;

/** Removes credentials from one log message. */
export function redactGrpcLogMessage(message: string): string {
  const entry = FAILED_ENTRY.exec(message);
  if (entry !== null)
    return `${entry[1]} ${REDACTED} (a value with characters gRPC metadata does not allow was dropped)`;
  return message.replace(AUTH_HEADER, `$1$2${REDACTED}`).replace(CREDENTIAL, `$1$2${REDACTED}`);
}

type LogMethod = (message?: unknown, ...rest: unknown[]) => void;

/** grpc-js's default: every level to stderr with a one-letter prefix. */
const STDERR_LOGGER: Partial<Console> = {
  error: (message: unknown, ...rest: unknown[]) => console.error(`E ${String(message)}`, ...rest),
  info: (message: unknown, ...rest: unknown[]) => console.error(`I ${String(message)}`, ...rest),
  debug: (message: unknown, ...rest: unknown[]) => console.error(`D ${String(message)}`, ...rest),
};

/**
 * grpc-js's current logger. Its `getLogger` is not part of the package's public index, so
 * it is read from the logging module where present; otherwise grpc-js's default is assumed.
 */
function currentLogger(): Partial<Console> {
  try {
    const require = createRequire(import.meta.url);
    const logging = require('@grpc/grpc-js/build/src/logging.js') as {
      getLogger?: () => Partial<Console>;
    };
    return logging.getLogger?.() ?? STDERR_LOGGER;
  } catch {
    return STDERR_LOGGER;
  }
}

/**
 * Installs the redacting filter around grpc-js's current logger; idempotent (a second call,
 * or a logger already wrapped, is left as it is).
 */
export function installGrpcLogRedaction(): void {
  const current = currentLogger() as Partial<Console> & { [INSTALLED]?: true };
  if (current[INSTALLED]) return;
  const wrap =
    (method: LogMethod | undefined): LogMethod =>
    (message, ...rest) => {
      const fallback = current.error?.bind(current) as LogMethod | undefined;
      const target = method?.bind(current) ?? fallback;
      const text = typeof message === 'string' ? redactGrpcLogMessage(message) : message;
      target?.(text, ...rest.map((r) => (typeof r === 'string' ? redactGrpcLogMessage(r) : r)));
    };
  const filtered = {
    error: wrap(current.error as LogMethod | undefined),
    info: wrap(current.info as LogMethod | undefined),
    debug: wrap(current.debug as LogMethod | undefined),
    [INSTALLED]: true as const,
  };
  setLogger(filtered as unknown as Partial<Console>);
}
