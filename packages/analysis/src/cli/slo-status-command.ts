/**
 * `heterodyne-monitor slo status [--url <api>] [--config <file>] [--json]`: the SLOs of a
 * running service, read from its API (`GET /api/v1/slos`). The API address and bearer token
 * come from the configuration (`api.endpoint`, `api.auth.bearer_token_env`) unless `--url`
 * is given.
 */
import type { SloView } from '../engines/slo/slo-views.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { CONFIG_FLAG, HELP_FLAG, loadOrReport } from './config-check-command.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import { getFromService, jsonAnswer, serviceUrl } from './service-get.js';
import { SLO_STATUS_HELP } from './help.js';
import { formatSloTable } from './slo-table.js';

/** Options of {@link sloStatusCommand} beyond the arguments. */
export interface SloStatusOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Request timeout, in milliseconds.
   * @default 10000
   */
  timeoutMillis?: number;
}

/** Runs `slo status`. */
export async function sloStatusCommand(
  args: readonly string[],
  io: CliIo,
  options: SloStatusOptions = {},
): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { ...CONFIG_FLAG, ...HELP_FLAG, url: { type: 'string' }, json: { type: 'boolean' } },
    'slo status',
  );
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${SLO_STATUS_HELP}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  if (flags.help === true) {
    io.stdout.write(SLO_STATUS_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) {
    io.stderr.write(`slo status: unexpected argument '${positionals[0]}'\n`);
    return EXIT_USAGE;
  }
  const config = loadOrReport(flags.config as string | undefined, io);
  if (config === undefined) return EXIT_INVALID;
  const located = serviceUrl(flags.url as string | undefined, config, '/api/v1/slos');
  if (!located.ok) {
    io.stderr.write(`slo status: ${located.error}\n`);
    return EXIT_USAGE;
  }
  const url = located.value;
  const got = await getFromService(url, config, 'application/json', {
    fetch: options.fetch,
    timeoutMillis: options.timeoutMillis ?? 10_000,
  });
  const answer = got.ok ? jsonAnswer(url, got.value) : got;
  if (!answer.ok) {
    io.stderr.write(`slo status: ${answer.error}\n`);
    return EXIT_RUNTIME;
  }
  const body = answer.value;
  const slos = (body as { slos?: SloView[] }).slos;
  if (!Array.isArray(slos)) {
    io.stderr.write(`slo status: ${url.href}: unexpected answer (no "slos" list)\n`);
    return EXIT_RUNTIME;
  }
  io.stdout.write(
    flags.json === true ? `${JSON.stringify(body, null, 2)}\n` : formatSloTable(slos),
  );
  return EXIT_OK;
}
