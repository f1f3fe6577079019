import type { AnalysisConfig } from '../config/types.js';
import { redactCredentials } from '../config/credentials.js';
import { secretValues } from '../config/secret.js';
import { createAnalysisService } from '../service/analysis-service.js';
import { createLineLogger } from '../service/logger.js';
import type { ServiceLogger } from '../service/logger.js';
import type { ServiceAddresses } from '../service/types.js';
import { packageVersion } from '../service/version.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { CONFIG_FLAG, HELP_FLAG, loadOrReport } from './config-check-command.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import { SERVE_HELP } from './help.js';
import { installProcessGuard } from './process-guard.js';

/** `heterodyne-monitor serve [--config file]`: runs until SIGINT/SIGTERM, then stops gracefully. */
export async function serveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, { ...CONFIG_FLAG, ...HELP_FLAG }, 'serve');
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${SERVE_HELP}`);
    return EXIT_USAGE;
  }
  if (parsed.value.flags.help === true) {
    io.stdout.write(SERVE_HELP);
    return EXIT_OK;
  }
  if (parsed.value.positionals.length > 0) {
    io.stderr.write(`serve: unexpected argument '${parsed.value.positionals[0]}'\n`);
    return EXIT_USAGE;
  }
  const config = loadOrReport(parsed.value.flags.config as string | undefined, io);
  if (config === undefined) return EXIT_INVALID;
  for (const warning of config.warnings) io.stderr.write(`warning: ${warning}\n`);
  const logger = levelLogger(config, (line) => io.stderr.write(line));
  const secrets = secretValues(config);
  const redact = (text: string): string => redactCredentials(text, secrets);
  const service = createAnalysisService(config, { logger });
  // The process-level handlers belong to a real process only (not to an embedding test).
  let fatal: ((error: unknown) => void) | undefined;
  const fatalStop = new Promise<string>((resolve) => {
    fatal = () => resolve(FATAL_STOP);
  });
  const uninstall =
    io.waitForStop === undefined
      ? installProcessGuard({
          logger,
          redact,
          count: (kind) => service.recordProcessError(kind),
          onFatal: (error) => {
            // Past the shutdown timeout, leave at once: the state may be what is failing.
            setTimeout(() => process.exit(EXIT_RUNTIME), FATAL_SHUTDOWN_MILLIS).unref();
            fatal?.(error);
          },
        })
      : () => undefined;
  try {
    let addresses: ServiceAddresses;
    try {
      addresses = await service.start();
    } catch (error) {
      io.stderr.write(`serve: the service could not start: ${redact(message(error))}\n`);
      return EXIT_RUNTIME;
    }
    io.stdout.write(describeAddresses(addresses));
    const signal = await Promise.race([(io.waitForStop ?? waitForProcessSignal)(), fatalStop]);
    logger.info(`${signal} received, shutting down (drain, checkpoint, close)`);
    try {
      await service.shutdown();
    } catch (error) {
      io.stderr.write(`serve: shutdown failed: ${redact(message(error))}\n`);
      return EXIT_RUNTIME;
    }
    return signal === FATAL_STOP ? EXIT_RUNTIME : EXIT_OK;
  } finally {
    uninstall();
  }
}

/** What stops the service when the process guard gives up (logged as "... received"). */
const FATAL_STOP = 'a repeated uncaught exception';
/** How long a shutdown after a fatal error may take before the process exits anyway. */
const FATAL_SHUTDOWN_MILLIS = 30_000;

/** The start-up banner: where each server listens. */
export function describeAddresses(a: ServiceAddresses): string {
  const rows: [string, string | undefined][] = [
    ['OTLP/HTTP', a.otlpHttp],
    ['OTLP/gRPC', a.otlpGrpc],
    ['status', a.api && `${a.api}/api/v1/status`],
    ['series', a.api && `${a.api}/api/v1/series`],
    ['metrics', a.metrics],
  ];
  const lines = rows.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k.padEnd(10)} ${v}`);
  return `heterodyne-monitor ${packageVersion()} serving\n${lines.join('\n')}\n`;
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
function waitForProcessSignal(): Promise<string> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', first).off('SIGTERM', first);
      const again = (): void => {
        process.stderr.write(`${signal} again: exiting without a graceful shutdown\n`);
        process.exit(EXIT_RUNTIME);
      };
      process.once('SIGINT', again).once('SIGTERM', again);
      resolve(signal);
    };
    process.on('SIGINT', first).on('SIGTERM', first);
  });
}

const LEVELS = { debug: 0, info: 1, warn: 2, error: 3 } as const;

/** A line logger honouring `service.telemetry.logs.level`. */
function levelLogger(config: AnalysisConfig, write: (line: string) => void): ServiceLogger {
  const base = createLineLogger(write);
  const min = LEVELS[config.service.telemetry.logLevel];
  const noop = (): void => undefined;
  return {
    info: LEVELS.info >= min ? base.info : noop,
    warn: LEVELS.warn >= min ? base.warn : noop,
    error: base.error,
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
