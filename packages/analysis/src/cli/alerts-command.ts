/**
 * `heterodyne-monitor alerts list | ack | silence | silences | unsilence | test-channel`: the
 * alerting routes of a running service's API. The API URL comes from `--api`, else
 * `HETERODYNE_API_URL`, else `http://127.0.0.1:8080`; the bearer token from
 * `HETERODYNE_API_TOKEN` when set.
 */
import { apiBase, createApiCall } from './api-call.js';
import type { ApiAnswer } from './api-call.js';
import { parseCommandArgs } from './args.js';
import type { FlagSpec } from './args.js';
import type { CliIo } from './cli-io.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import { fetchFailureReason } from './fetch-failure.js';
import { ALERTS_HELP } from './help.js';

const FLAGS: Record<string, FlagSpec> = {
  api: { type: 'string' },
  severity: { type: 'string' },
  state: { type: 'string' },
  by: { type: 'string' },
  author: { type: 'string' },
  comment: { type: 'string' },
  duration: { type: 'string', short: 'd' },
  until: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

function alertRow(a: Record<string, unknown>): string {
  const labels = (a.labels ?? {}) as Record<string, string>;
  const annotations = (a.annotations ?? {}) as Record<string, string>;
  const flags = [
    a.acknowledged ? 'acked' : '',
    Array.isArray(a.silencedBy) && a.silencedBy.length > 0 ? 'silenced' : '',
    a.inhibited ? 'inhibited' : '',
  ].filter(Boolean);
  return [
    str(a.fingerprint),
    (labels.severity ?? '').padEnd(8),
    labels.alertname ?? str(a.ruleId),
    str(
      a.startsAt ??
        (a.firstSeenAt === undefined ? '' : new Date(a.firstSeenAt as number).toISOString()),
    ),
    flags.length > 0 ? `[${flags.join(',')}]` : '',
    annotations.summary ?? '',
  ]
    .filter((s) => s !== '')
    .join('  ');
}

/** Runs `alerts <sub> ...`. */
export async function alertsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, FLAGS, 'alerts');
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${ALERTS_HELP}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  const [sub, ...rest] = positionals;
  if (flags.help || sub === 'help') {
    io.stdout.write(ALERTS_HELP);
    return EXIT_OK;
  }
  const base = apiBase(flags.api, io.env);
  const call = createApiCall(base, io.env.HETERODYNE_API_TOKEN);
  const usage = (message: string): number => {
    io.stderr.write(`alerts ${sub ?? ''}: ${message}\n\n${ALERTS_HELP}`);
    return EXIT_USAGE;
  };
  let answer: ApiAnswer;
  try {
    switch (sub) {
      case 'list': {
        const q = new URLSearchParams();
        if (typeof flags.severity === 'string') q.set('severity', flags.severity);
        if (typeof flags.state === 'string') q.set('state', flags.state);
        answer = await call('GET', `/api/v1/alerts${q.size > 0 ? `?${q.toString()}` : ''}`);
        break;
      }
      case 'ack': {
        if (rest.length !== 1) return usage('give one alert id or fingerprint');
        answer = await call('POST', `/api/v1/alerts/${encodeURIComponent(rest[0] as string)}/ack`, {
          by: typeof flags.by === 'string' ? flags.by : (io.env.USER ?? 'cli'),
          ...(typeof flags.comment === 'string' ? { comment: flags.comment } : {}),
        });
        break;
      }
      case 'silence': {
        if (rest.length === 0) return usage('give one or more matchers, like alertname="SlowFit"');
        if (typeof flags.duration !== 'string' && typeof flags.until !== 'string') {
          return usage('give --duration (like 2h) or --until (an RFC 3339 time)');
        }
        answer = await call('POST', '/api/v1/silences', {
          matchers: rest,
          ...(typeof flags.duration === 'string' ? { duration: flags.duration } : {}),
          ...(typeof flags.until === 'string' ? { endsAt: flags.until } : {}),
          createdBy: typeof flags.author === 'string' ? flags.author : (io.env.USER ?? 'cli'),
          comment: typeof flags.comment === 'string' ? flags.comment : '',
        });
        break;
      }
      case 'silences':
        answer = await call('GET', '/api/v1/silences?active=true');
        break;
      case 'unsilence':
        if (rest.length !== 1) return usage('give one silence id');
        answer = await call('DELETE', `/api/v1/silences/${encodeURIComponent(rest[0] as string)}`);
        break;
      case 'test-channel':
        if (rest.length !== 1) return usage('give one channel id');
        answer = await call(
          'POST',
          `/api/v1/channels/${encodeURIComponent(rest[0] as string)}/test`,
        );
        break;
      default:
        return usage(sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`);
    }
  } catch (error) {
    io.stderr.write(`alerts ${sub}: cannot reach ${base}: ${fetchFailureReason(error)}\n`);
    return EXIT_RUNTIME;
  }
  if (flags.json) io.stdout.write(`${JSON.stringify(answer.body, null, 2)}\n`);
  if (answer.status >= 400) {
    io.stderr.write(
      `alerts ${sub}: ${base} answered ${answer.status}: ${str(answer.body.error)}\n`,
    );
    return answer.status >= 500 && sub !== 'test-channel' ? EXIT_RUNTIME : EXIT_INVALID;
  }
  if (flags.json) return EXIT_OK;
  const b = answer.body;
  if (sub === 'list') {
    const alerts = (b.alerts ?? []) as Record<string, unknown>[];
    io.stdout.write(alerts.length === 0 ? 'no alerts\n' : `${alerts.map(alertRow).join('\n')}\n`);
  } else if (sub === 'silences') {
    const silences = (b.silences ?? []) as Record<string, unknown>[];
    io.stdout.write(
      silences.length === 0
        ? 'no active silences\n'
        : `${silences.map((s) => `${str(s.id)}  ${(s.matchers as string[]).join(',')}  until ${str(s.endsAtTime)}  by ${str(s.createdBy)}  ${str(s.comment)}`).join('\n')}\n`,
    );
  } else if (sub === 'ack') {
    io.stdout.write(`acknowledged ${str(b.acknowledged)} by ${str(b.by)}\n`);
  } else if (sub === 'silence') {
    io.stdout.write(`silence ${str(b.id)} until ${str(b.endsAtTime)}\n`);
  } else if (sub === 'unsilence') {
    io.stdout.write(`silence ${str(b.id)} expired\n`);
  } else {
    io.stdout.write(`test notification sent through ${rest[0]}\n`);
  }
  return EXIT_OK;
}
