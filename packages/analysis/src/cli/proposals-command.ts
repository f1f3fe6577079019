/**
 * `heterodyne-monitor proposals list | show | approve | reject | audit`: review of automatic
 * changes through a running service's API (`--api`, else `HETERODYNE_API_URL`, else
 * `http://127.0.0.1:8080`; the bearer token from `HETERODYNE_API_TOKEN`). Approving and
 * rejecting need an operator token; the decision is recorded under the token's name (`--by`
 * names the person only on an API without tokens).
 */
import { apiBase, createApiCall } from './api-call.js';
import type { ApiAnswer } from './api-call.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import { fetchFailureReason } from './fetch-failure.js';

/** `heterodyne-monitor proposals --help`. */
export const PROPOSALS_HELP = `Usage: heterodyne-monitor proposals <subcommand> [options]

Proposals are automatic changes waiting for a person (approvals.require_approval: true):
refreshed baselines (kind baseline-update, with the proposed and current statistics) and
optimization actions (kind remediation, with the decision's confidence, evidence, predicted
impact and the action; approving runs it through the canary). Talks to a running
service's API (--api, else HETERODYNE_API_URL, else http://127.0.0.1:8080), sending
HETERODYNE_API_TOKEN as the bearer token when set.

Subcommands:
  list [--status pending|approved|rejected|expired|superseded]   (default: pending)
  show <id>
  approve <id> [--note <text>] [--by <who>]    needs an operator token
  reject <id> [--note <text>] [--by <who>]     needs an operator token
  audit [--subject <id>]                       the audit log, newest first

Options:
      --api <url>     the service's API
      --json          print the API's JSON
  -h, --help          show this help

Exit codes: 1 when the service refuses (unknown or already decided proposal, role too
small), 2 for usage errors, 3 when the service cannot be reached.
`;

const ARITY: Record<string, number> = { list: 0, show: 1, approve: 1, reject: 1, audit: 0 };

function str(value: unknown): string {
  return typeof value === 'string'
    ? value
    : value === undefined || value === null
      ? ''
      : JSON.stringify(value);
}

function time(value: unknown): string {
  return typeof value === 'number' ? new Date(value).toISOString() : '';
}

/** Runs `proposals <sub> ...`. */
export async function proposalsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      api: { type: 'string' },
      status: { type: 'string' },
      subject: { type: 'string' },
      note: { type: 'string', short: 'n' },
      by: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'proposals',
  );
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${PROPOSALS_HELP}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  const [sub, ...rest] = positionals;
  if (flags.help === true || sub === 'help') {
    io.stdout.write(PROPOSALS_HELP);
    return EXIT_OK;
  }
  const arity = sub === undefined ? undefined : ARITY[sub];
  if (sub === undefined || arity === undefined || rest.length !== arity) {
    io.stderr.write(
      `proposals: ${sub === undefined ? 'missing subcommand' : arity === undefined ? `unknown subcommand '${sub}'` : `${sub}: wrong number of arguments`}\n\n${PROPOSALS_HELP}`,
    );
    return EXIT_USAGE;
  }
  const base = apiBase(flags.api, io.env);
  const call = createApiCall(base, io.env.HETERODYNE_API_TOKEN);
  let answer: ApiAnswer;
  try {
    const id = encodeURIComponent(rest[0] ?? '');
    switch (sub) {
      case 'list':
        answer = await call(
          'GET',
          `/api/v1/proposals?status=${encodeURIComponent((flags.status as string | undefined) ?? 'pending')}`,
        );
        break;
      case 'show':
        answer = await call('GET', `/api/v1/proposals/${id}`);
        break;
      case 'audit': {
        const subject = flags.subject as string | undefined;
        answer = await call(
          'GET',
          `/api/v1/audit${subject === undefined ? '' : `?subject=${encodeURIComponent(subject)}`}`,
        );
        break;
      }
      default: {
        const body: Record<string, string> = {};
        if (typeof flags.note === 'string') body.note = flags.note;
        if (typeof flags.by === 'string') body.by = flags.by;
        answer = await call('POST', `/api/v1/proposals/${id}/${sub}`, body);
      }
    }
  } catch (error) {
    io.stderr.write(`proposals ${sub}: cannot reach ${base}: ${fetchFailureReason(error)}\n`);
    return EXIT_RUNTIME;
  }
  if (answer.status >= 400) {
    io.stderr.write(
      `proposals ${sub}: ${answer.status}: ${str(answer.body.error ?? answer.body)}\n`,
    );
    return EXIT_INVALID;
  }
  if (flags.json === true) {
    io.stdout.write(`${JSON.stringify(answer.body, null, 2)}\n`);
    return EXIT_OK;
  }
  const b = answer.body;
  if (sub === 'list') {
    const rows = (b.proposals as Array<Record<string, unknown>>) ?? [];
    if (rows.length === 0) io.stdout.write('no proposals\n');
    for (const p of rows) {
      io.stdout.write(
        `${str(p.id)}  ${str(p.status).padEnd(10)}  ${str(p.kind)}  expires ${time(p.expiresAt)}  ${str(p.summary)}\n`,
      );
    }
  } else if (sub === 'audit') {
    for (const e of (b.entries as Array<Record<string, unknown>>) ?? []) {
      const note = (e.details as Record<string, unknown> | undefined)?.note;
      io.stdout.write(
        `${time(e.at)}  ${str(e.actor).padEnd(12)}  ${str(e.action).padEnd(22)}  ${str(e.subject)}${note ? `  "${str(note)}"` : ''}\n`,
      );
    }
  } else if (sub === 'show') {
    io.stdout.write(`${JSON.stringify(b, null, 2)}\n`);
  } else {
    const p = b.proposal as Record<string, unknown>;
    io.stdout.write(
      `${str(p.id)} ${str(p.status)} by ${str(p.decidedBy)}${b.applied === true ? ' (applied)' : ''}\n`,
    );
  }
  return EXIT_OK;
}
