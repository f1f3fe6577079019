import { packageVersion } from '../service/version.js';
import { alertsCommand } from './alerts-command.js';
import { analyticsCommand } from './analytics-commands.js';
import type { CliIo } from './cli-io.js';
import { baselineCommand } from './baseline-check-command.js';
import { baselinesCommand } from './baselines-command.js';
import { proposalsCommand } from './proposals-command.js';
import { configCheckCommand } from './config-check-command.js';
import { detectCommand } from './detect-command.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { generateCommand } from './generate-command.js';
import { MAIN_HELP, SLO_STATUS_HELP } from './help.js';
import { optimizationCommand } from './optimization-command.js';
import { replayCommand } from './replay-command.js';
import { reportCommand } from './report-command.js';
import { serveCommand } from './serve-command.js';
import { sloStatusCommand } from './slo-status-command.js';

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
    case 'report':
      return reportCommand(rest, io);
    case 'slo': {
      const [sub, ...subArgs] = rest;
      if (sub === 'status') return sloStatusCommand(subArgs, io);
      if (sub === '--help' || sub === '-h') {
        io.stdout.write(SLO_STATUS_HELP);
        return EXIT_OK;
      }
      io.stderr.write(
        `slo: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`}; use 'slo status'\n`,
      );
      return EXIT_USAGE;
    }
    case 'detect':
      return detectCommand(rest, io);
    case 'baselines':
      return baselinesCommand(rest, io);
    case 'baseline':
      return baselineCommand(rest, io);
    case 'proposals':
      return proposalsCommand(rest, io);
    case 'alerts':
      return alertsCommand(rest, io);
    case 'generate':
      return generateCommand(rest, io);
    case 'opportunities':
    case 'remediations':
      return optimizationCommand(command, rest, io);
    case 'anomalies':
    case 'trends':
    case 'forecasts':
      return analyticsCommand(command, rest, io);
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
          : `unknown command '${command}'; commands: serve, config check, replay, slo status, report, detect, baselines, alerts, generate, baseline, proposals, opportunities, remediations, anomalies, trends, forecasts\n\n${MAIN_HELP}`,
      );
      return EXIT_USAGE;
  }
}
