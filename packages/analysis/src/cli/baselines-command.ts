import { openStore } from '../store/open-store.js';
import { createBaselineApi } from '../service/baseline-api.js';
import { storeLocation, storeTarget } from '../service/service-core.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { CONFIG_FLAG, HELP_FLAG, loadOrReport } from './config-check-command.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import { BASELINES_HELP } from './help.js';

const ARITY: Record<string, [number, number]> = {
  list: [0, 0],
  versions: [0, 0],
  save: [1, 1],
  diff: [1, 2],
  rollback: [1, 1],
  drift: [0, 0],
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `heterodyne-monitor baselines <list|versions|save|diff|rollback|drift>`: the baselines in
 * the configured store, as JSON on stdout (the same shapes as `/api/v1/baselines*`).
 */
export async function baselinesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      ...CONFIG_FLAG,
      ...HELP_FLAG,
      metric: { type: 'string', short: 'm' },
      notes: { type: 'string', short: 'n' },
      days: { type: 'string', short: 'd' },
    },
    'baselines',
  );
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${BASELINES_HELP}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  const [sub, ...rest] = positionals;
  if (flags.help === true || sub === 'help') {
    io.stdout.write(BASELINES_HELP);
    return EXIT_OK;
  }
  const arity = sub === undefined ? undefined : ARITY[sub];
  if (sub === undefined || arity === undefined) {
    io.stderr.write(
      `baselines: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`}\n\n${BASELINES_HELP}`,
    );
    return EXIT_USAGE;
  }
  if (rest.length < arity[0] || rest.length > arity[1]) {
    io.stderr.write(`baselines ${sub}: wrong number of arguments\n\n${BASELINES_HELP}`);
    return EXIT_USAGE;
  }
  let days = 7;
  if (flags.days !== undefined) {
    days = Number(flags.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      io.stderr.write(`baselines: --days must be an integer between 1 and 3650\n`);
      return EXIT_USAGE;
    }
  }
  const config = loadOrReport(flags.config as string | undefined, io);
  if (config === undefined) return EXIT_INVALID;
  let store;
  try {
    store = await openStore(storeTarget(config));
  } catch (error) {
    io.stderr.write(
      `baselines: cannot open the store ${storeLocation(config)}: ${message(error)}\n`,
    );
    return EXIT_RUNTIME;
  }
  try {
    const api = createBaselineApi(store, Date.now);
    const print = (value: unknown): number => {
      io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      return EXIT_OK;
    };
    const metric = flags.metric as string | undefined;
    switch (sub) {
      case 'list':
        return print(await api.list(metric === undefined ? {} : { metric }));
      case 'versions':
        return print(await api.versions());
      case 'save':
        return print(await api.createVersion(rest[0]!, (flags.notes as string | undefined) ?? ''));
      case 'drift':
        return print(await api.drift({ days, ...(metric === undefined ? {} : { metric }) }));
      default: {
        const r = sub === 'diff' ? await api.diff(rest[0]!, rest[1]) : await api.rollback(rest[0]!);
        if (!r.ok) {
          io.stderr.write(`baselines ${sub}: ${r.error.replace(/^rollback: /, '')}\n`);
          return EXIT_INVALID;
        }
        return print(r.value);
      }
    }
  } catch (error) {
    io.stderr.write(`baselines ${sub}: ${message(error)}\n`);
    return EXIT_RUNTIME;
  } finally {
    await store.close();
  }
}
