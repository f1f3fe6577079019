/**
 * `heterodyne-monitor anomalies`, `trends` and `forecasts`: what a running service's anomaly
 * and trend engines found, read from its API (`/api/v1/anomalies`, `/api/v1/trends`,
 * `/api/v1/forecasts`), as tables or (`--json`) as the API's JSON. The API address and
 * bearer token come from the configuration unless `--url` is given, as for `slo status`.
 */
import { parseDuration } from '../config/units.js';
import { ANOMALIES_HELP, FORECASTS_HELP, TRENDS_HELP } from './analytics-help.js';
import { formatAnomalyTable, formatForecastTable, formatTrendTable } from './analytics-tables.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { CONFIG_FLAG, HELP_FLAG, loadOrReport } from './config-check-command.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import { getFromService, jsonAnswer, serviceUrl } from './service-get.js';

/** Options of the analytics commands beyond the arguments. */
export interface AnalyticsCommandOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Request timeout, in milliseconds. @default 10000 */
  timeoutMillis?: number;
  /** Clock for `--since`, ms since the epoch. @default Date.now */
  nowMillis?: () => number;
}

type Kind = 'anomalies' | 'trends' | 'forecasts';

const HELP: Record<Kind, string> = {
  anomalies: ANOMALIES_HELP,
  trends: TRENDS_HELP,
  forecasts: FORECASTS_HELP,
};

/** Runs `anomalies`, `trends` or `forecasts`. */
export async function analyticsCommand(
  kind: Kind,
  args: readonly string[],
  io: CliIo,
  options: AnalyticsCommandOptions = {},
): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      ...CONFIG_FLAG,
      ...HELP_FLAG,
      url: { type: 'string' },
      json: { type: 'boolean' },
      metric: { type: 'string' },
      operation: { type: 'string' },
      limit: { type: 'string' },
      ...(kind === 'anomalies' ? { since: { type: 'string' } } : {}),
    },
    kind,
  );
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${HELP[kind]}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  if (flags.help === true) {
    io.stdout.write(HELP[kind]);
    return EXIT_OK;
  }
  if (positionals.length > 0) {
    io.stderr.write(`${kind}: unexpected argument '${positionals[0]}'\n`);
    return EXIT_USAGE;
  }
  const query = new URLSearchParams();
  for (const name of ['metric', 'operation'] as const) {
    const value = flags[name];
    if (typeof value === 'string') query.set(name, value);
  }
  if (typeof flags.limit === 'string') {
    if (!/^\d{1,5}$/.test(flags.limit) || Number(flags.limit) < 1) {
      io.stderr.write(
        `${kind}: --limit: must be a whole number between 1 and 10000 (got '${flags.limit}')\n`,
      );
      return EXIT_USAGE;
    }
    query.set('limit', flags.limit);
  }
  if (typeof flags.since === 'string') {
    const since = parseDuration(flags.since);
    if (!since.ok) {
      io.stderr.write(`${kind}: --since: ${since.error}\n`);
      return EXIT_USAGE;
    }
    query.set('since', String(Math.max(0, (options.nowMillis ?? Date.now)() - since.value)));
  }
  const config = loadOrReport(flags.config as string | undefined, io);
  if (config === undefined) return EXIT_INVALID;
  const located = serviceUrl(flags.url as string | undefined, config, `/api/v1/${kind}`);
  if (!located.ok) {
    io.stderr.write(`${kind}: ${located.error}\n`);
    return EXIT_USAGE;
  }
  const url = located.value;
  url.search = query.toString();
  const got = await getFromService(url, config, 'application/json', {
    fetch: options.fetch,
    timeoutMillis: options.timeoutMillis ?? 10_000,
  });
  const answer = got.ok ? jsonAnswer(url, got.value) : got;
  if (!answer.ok) {
    io.stderr.write(`${kind}: ${answer.error}\n`);
    return EXIT_RUNTIME;
  }
  const body = (answer.value ?? {}) as Record<string, unknown>;
  const list = body[kind];
  if (!Array.isArray(list)) {
    io.stderr.write(`${kind}: ${url.href}: unexpected answer (no "${kind}" list)\n`);
    return EXIT_RUNTIME;
  }
  if (flags.json === true) {
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else if (kind === 'anomalies') {
    io.stdout.write(formatAnomalyTable(list as Array<Record<string, unknown>>));
  } else if (kind === 'trends') {
    io.stdout.write(formatTrendTable(list as Array<Record<string, unknown>>));
  } else {
    io.stdout.write(
      formatForecastTable({
        horizonSeconds: body.horizonSeconds,
        forecasts: list as Array<Record<string, unknown>>,
      }),
    );
  }
  return EXIT_OK;
}
