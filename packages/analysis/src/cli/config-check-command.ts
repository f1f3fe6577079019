import { redactCredentials } from '../config/credentials.js';
import { describeConfig } from '../config/describe-config.js';
import { inactiveSectionWarnings } from '../config/inactive-sections.js';
import { loadConfig } from '../config/load-config.js';
import type { AnalysisConfig } from '../config/types.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { CONFIG_CHECK_HELP } from './help.js';

/** Flags shared by the commands that load a configuration. */
export const CONFIG_FLAG = { config: { type: 'string', short: 'c' } } as const;
/** `--help` / `-h`. */
export const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Loads the configuration named by `--config` (the defaults without it). On errors prints
 * every one to stderr and returns undefined.
 */
export function loadOrReport(path: string | undefined, io: CliIo): AnalysisConfig | undefined {
  const loaded = loadConfig(path, io.env);
  if (loaded.ok) return loaded.value;
  for (const error of loaded.error) io.stderr.write(`${redactCredentials(error.message)}\n`);
  const n = loaded.error.length;
  io.stderr.write(`${n} configuration error${n === 1 ? '' : 's'} in ${path ?? 'the defaults'}\n`);
  return undefined;
}

/** `heterodyne-monitor config check [--config file]`. */
export function configCheckCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs(args, { ...CONFIG_FLAG, ...HELP_FLAG }, 'config check');
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${CONFIG_CHECK_HELP}`);
    return EXIT_USAGE;
  }
  if (parsed.value.flags.help === true) {
    io.stdout.write(CONFIG_CHECK_HELP);
    return EXIT_OK;
  }
  if (parsed.value.positionals.length > 0) {
    io.stderr.write(
      `config check: unexpected argument '${parsed.value.positionals[0]}' (use --config <file>)\n`,
    );
    return EXIT_USAGE;
  }
  const path = parsed.value.flags.config as string | undefined;
  const config = loadOrReport(path, io);
  if (config === undefined) return EXIT_INVALID;
  io.stdout.write(describeConfig(config));
  for (const warning of config.warnings) io.stderr.write(`warning: ${warning}\n`);
  for (const warning of inactiveSectionWarnings(config)) io.stderr.write(`warning: ${warning}\n`);
  io.stderr.write(`${path ?? 'the built-in defaults'}: valid\n`);
  return EXIT_OK;
}
