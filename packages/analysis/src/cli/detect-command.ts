import type { CliIo } from './cli-io.js';
import { detectAnomaliesCommand } from './detect-anomalies-command.js';
import { detectChangePointsCommand } from './detect-changepoints-command.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { DETECT_HELP } from './help.js';

/** `heterodyne-monitor detect <what> ...`: offline detection over files. */
export function detectCommand(args: readonly string[], io: CliIo): number | Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'changepoints') return detectChangePointsCommand(rest, io);
  if (sub === 'anomalies') return detectAnomaliesCommand(rest, io);
  if (sub === '--help' || sub === '-h') {
    io.stdout.write(DETECT_HELP);
    return EXIT_OK;
  }
  io.stderr.write(
    `detect: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`}\n\n${DETECT_HELP}`,
  );
  return EXIT_USAGE;
}
