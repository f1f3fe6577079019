/**
 * `heterodyne-monitor report [--url <service>] [--output <file>]`: fetches a running
 * service's HTML report (`GET /report`) and writes it to a file (through a temporary file
 * renamed into place, so a failed run never leaves half a report).
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { CONFIG_FLAG, HELP_FLAG, loadOrReport } from './config-check-command.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import { fetchFailureReason } from './fetch-failure.js';
import { getFromService, serviceUrl } from './service-get.js';
import { REPORT_HELP } from './report-help.js';

/** Options of {@link reportCommand} beyond the arguments. */
export interface ReportCommandOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Request timeout, in milliseconds.
   * @default 60000
   */
  timeoutMillis?: number;
}

/** Runs `report`. */
export async function reportCommand(
  args: readonly string[],
  io: CliIo,
  options: ReportCommandOptions = {},
): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      ...CONFIG_FLAG,
      ...HELP_FLAG,
      url: { type: 'string' },
      output: { type: 'string', short: 'o' },
      series: { type: 'string' },
    },
    'report',
  );
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${REPORT_HELP}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  if (flags.help === true) {
    io.stdout.write(REPORT_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) {
    io.stderr.write(`report: unexpected argument '${positionals[0]}'\n`);
    return EXIT_USAGE;
  }
  const series = flags.series as string | undefined;
  if (series !== undefined && !/^\d{1,3}$/.test(series)) {
    io.stderr.write(`report: --series: must be an integer between 1 and 100, got '${series}'\n`);
    return EXIT_USAGE;
  }
  const output = (flags.output as string | undefined) ?? 'report.html';
  if (output === '') {
    io.stderr.write('report: --output: must name a file\n');
    return EXIT_USAGE;
  }
  const config = loadOrReport(flags.config as string | undefined, io);
  if (config === undefined) return EXIT_INVALID;
  const located = serviceUrl(flags.url as string | undefined, config, '/report');
  if (!located.ok) {
    io.stderr.write(`report: ${located.error}\n`);
    return EXIT_USAGE;
  }
  const url = located.value;
  if (series !== undefined) url.searchParams.set('series', series);
  const got = await getFromService(url, config, 'text/html', {
    fetch: options.fetch,
    timeoutMillis: options.timeoutMillis ?? 60_000,
  });
  if (!got.ok) {
    io.stderr.write(`report: ${got.error}\n`);
    return EXIT_RUNTIME;
  }
  if (!got.value.contentType.startsWith('text/html')) {
    io.stderr.write(
      `report: ${url.href}: not an HTML report (is this a heterodyne-monitor API?)\n`,
    );
    return EXIT_RUNTIME;
  }
  const html = got.value.text;
  const temporary = `${output}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, html, { encoding: 'utf8', mode: 0o644 });
    await rename(temporary, output);
  } catch (cause) {
    await rm(temporary, { force: true }).catch(() => undefined);
    io.stderr.write(`report: cannot write ${output}: ${fetchFailureReason(cause)}\n`);
    return EXIT_RUNTIME;
  }
  io.stdout.write(`report written to ${output} (${Buffer.byteLength(html)} bytes)\n`);
  return EXIT_OK;
}
