import { packageVersion } from '../service/version.js';
import type { CliIo } from './cli-io.js';
import { configCheckCommand } from './config-check-command.js';
import { detectAnomaliesCommand } from './detect-anomalies-command.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { MAIN_HELP } from './help.js';
import { replayCommand } from './replay-command.js';
import { serveCommand } from './serve-command.js';

/**
 * Runs `heterodyne-monitor` with `argv` (without the node and script paths) and resolves
 * with the exit code (see `exit-codes.ts`). Never calls `process.exit`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      io.stderr.write(`missing command\n\n${MAIN_HELP}`);
      return EXIT_USAGE;
    case '-h':
    case '--help':
    case 'help':
      io.stdout.write(MAIN_HELP);
      return EXIT_OK;
    case '-v':
    case '--version':
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    case 'serve':
      return serveCommand(rest, io);
    case 'replay':
      return replayCommand(rest, io);
    case 'detect': {
      const [sub, ...subArgs] = rest;
      if (sub === 'anomalies') return detectAnomaliesCommand(subArgs, io);
      io.stderr.write(
        `detect: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`}; use 'detect anomalies'\n`,
      );
      return EXIT_USAGE;
    }
    case 'config': {
      const [sub, ...subArgs] = rest;
      if (sub === 'check') return configCheckCommand(subArgs, io);
      if (sub === '--help' || sub === '-h') {
        io.stdout.write(MAIN_HELP);
        return EXIT_OK;
      }
      io.stderr.write(
        `config: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`}; use 'config check'\n`,
      );
      return EXIT_USAGE;
    }
    default:
      io.stderr.write(
        command.startsWith('-')
          ? `unknown option '${command}' before the command\n\n${MAIN_HELP}`
          : `unknown command '${command}'; commands: serve, config check, replay, detect anomalies\n\n${MAIN_HELP}`,
      );
      return EXIT_USAGE;
  }
}
