/**
 * `heterodyne-monitor opportunities` and `heterodyne-monitor remediations`: the optimization
 * engine's opportunities, remediation executions and audit log, from a running service's API
 * (`--api`, else `HETERODYNE_API_URL`, else `http://127.0.0.1:8080`; the bearer token from
 * `HETERODYNE_API_TOKEN` when set). Tables for people, `--json` for scripts.
 */
import { apiBase, createApiCall } from './api-call.js';
import type { ApiAnswer } from './api-call.js';
import { parseCommandArgs } from './args.js';
import type { FlagSpec } from './args.js';
import type { CliIo } from './cli-io.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import { fetchFailureReason } from './fetch-failure.js';
import { OPPORTUNITIES_HELP, REMEDIATIONS_HELP } from './help.js';

const FLAGS: Record<string, FlagSpec> = {
  api: { type: 'string' },
  status: { type: 'string' },
  category: { type: 'string' },
  template: { type: 'string' },
  opportunity: { type: 'string' },
  remediation: { type: 'string' },
  limit: { type: 'string', short: 'n' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

type Row = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

function num(value: unknown, digits = 2): string {
  return typeof value === 'number' ? value.toFixed(digits) : '-';
}

function iso(value: unknown): string {
  return typeof value === 'number' ? new Date(value).toISOString() : str(value);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

function opportunityRows(list: Row[]): string {
  if (list.length === 0) return 'no opportunities\n';
  return table(
    ['PRIORITY', 'CONFIDENCE', 'IMPACT', 'STATUS', 'ID', 'TITLE'],
    list.map((o) => [
      num(o.priority),
      num(o.confidence, 3),
      typeof (o.predictedImpact as Row | undefined)?.ratio === 'number'
        ? `${(100 * ((o.predictedImpact as Row).ratio as number)).toFixed(1)}%`
        : '-',
      str(o.status),
      str(o.id),
      str(o.title),
    ]),
  );
}

function remediationRows(list: Row[]): string {
  if (list.length === 0) return 'no remediations\n';
  return table(
    ['STARTED', 'STATUS', 'ACTION', 'ACCURACY BEFORE', 'AFTER', 'ID', 'OPPORTUNITY'],
    list.map((r) => [
      iso(r.startedAt),
      str(r.status),
      str(r.action),
      num(r.accuracyBefore, 4),
      num(r.accuracyAfter, 4),
      str(r.id),
      str(r.opportunityId),
    ]),
  );
}

function auditRows(list: Row[]): string {
  if (list.length === 0) return 'no audit entries\n';
  return table(
    ['AT', 'EVENT', 'ACTION', 'OPPORTUNITY', 'REASON'],
    list.map((e) => [
      iso(e.at),
      str(e.event),
      str(e.action) || '-',
      str(e.opportunityId),
      str(e.reason),
    ]),
  );
}

/** Runs `opportunities ...` (`command` = `opportunities`) or `remediations ...`. */
export async function optimizationCommand(
  command: 'opportunities' | 'remediations',
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const help = command === 'opportunities' ? OPPORTUNITIES_HELP : REMEDIATIONS_HELP;
  const parsed = parseCommandArgs(args, FLAGS, command);
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${help}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  if (flags.help || positionals[0] === 'help') {
    io.stdout.write(help);
    return EXIT_OK;
  }
  const usage = (message: string): number => {
    io.stderr.write(`${command}: ${message}\n\n${help}`);
    return EXIT_USAGE;
  };
  if (positionals.length > 1) return usage('give at most one id');
  const allowed =
    command === 'opportunities'
      ? ['status', 'category', 'template', 'limit']
      : positionals[0] === 'audit'
        ? ['opportunity', 'remediation', 'limit']
        : ['opportunity', 'status', 'limit'];
  const given = Object.keys(flags).filter((f) => !['api', 'json', 'help'].includes(f));
  const stray = given.find(
    (f) => !allowed.includes(f) || (positionals[0] !== undefined && positionals[0] !== 'audit'),
  );
  if (stray !== undefined) return usage(`--${stray} does not apply here`);
  const query = new URLSearchParams();
  for (const f of given) query.set(f, String(flags[f]));
  const id = positionals[0];
  const path =
    id === undefined
      ? `/api/v1/${command}`
      : id === 'audit' && command === 'remediations'
        ? '/api/v1/remediations/audit'
        : `/api/v1/${command}/${encodeURIComponent(id)}`;
  const base = apiBase(flags.api, io.env);
  let answer: ApiAnswer;
  try {
    answer = await createApiCall(base, io.env.HETERODYNE_API_TOKEN)(
      'GET',
      `${path}${query.size > 0 ? `?${query.toString()}` : ''}`,
    );
  } catch (error) {
    io.stderr.write(`${command}: cannot reach ${base}: ${fetchFailureReason(error)}\n`);
    return EXIT_RUNTIME;
  }
  const { status, body } = answer;
  if (status >= 400) {
    io.stderr.write(`${command}: ${base} answered ${status}: ${str(body.error)}\n`);
    return status >= 500 ? EXIT_RUNTIME : EXIT_INVALID;
  }
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return EXIT_OK;
  }
  if (id === 'audit') io.stdout.write(auditRows((body.entries ?? []) as Row[]));
  else if (id !== undefined) {
    const { audit, remediations, ...record } = body;
    io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    if (Array.isArray(remediations)) io.stdout.write(`\n${remediationRows(remediations as Row[])}`);
    if (Array.isArray(audit)) io.stdout.write(`\n${auditRows(audit as Row[])}`);
  } else if (command === 'opportunities') {
    io.stdout.write(opportunityRows((body.opportunities ?? []) as Row[]));
  } else io.stdout.write(remediationRows((body.remediations ?? []) as Row[]));
  return EXIT_OK;
}
