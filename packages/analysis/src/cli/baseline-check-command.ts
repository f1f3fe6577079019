/**
 * `heterodyne-monitor baseline check` (the CI regression gate) and `baseline export` (a
 * baseline written to a file, so the gate runs without a service).
 */
import { stat, writeFile } from 'node:fs/promises';
import { computeBaseline } from '../engines/baselines/baseline-methods.js';
import { DEFAULT_BASELINE_METHODS } from '../engines/baselines/baseline-manager.js';
import { checkQuality } from '../engines/baselines/data-quality.js';
import { metricCategory } from '../engines/baselines/metric-profile.js';
import type { AnalysisConfig } from '../config/types.js';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import { storeLocation, storeTarget } from '../service/service-core.js';
import { openStore } from '../store/open-store.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { compareRun } from './baseline-check-compare.js';
import { readRunSamples } from './baseline-check-input.js';
import type { RunSamples } from './baseline-check-input.js';
import { formatGateJunit, formatGateMarkdown, formatGateTable } from './baseline-check-report.js';
import { BASELINE_FILE_FORMAT, readBaselineFile, writeBaselineFile } from './baseline-file.js';
import type { BaselineFile, FileBaseline } from './baseline-file.js';
import { BASELINE_HELP } from './baseline-help.js';
import { CONFIG_FLAG, HELP_FLAG, loadOrReport } from './config-check-command.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';

/** The gate found a regression. */
export const EXIT_REGRESSION = 1;
/** Most values of a baseline kept in an exported file for the rank test. */
const SAMPLE_LIMIT = 2_000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Splits `name[@version]` at the last `@`. */
function splitRef(ref: string): { name: string; version?: string } {
  const at = ref.lastIndexOf('@');
  return at <= 0
    ? { name: at === 0 ? '' : ref, ...(at === 0 ? { version: ref.slice(1) } : {}) }
    : { name: ref.slice(0, at), version: ref.slice(at + 1) };
}

/**
 * Resolves `--baseline`: a file written by `baseline export` (with `@version`, the file's
 * version must match by id or name), or in the configured store `current`, a version name
 * (its newest version), `name@<id or id prefix>`, or `@<id>`.
 */
async function resolveBaseline(
  ref: string,
  config: () => AnalysisConfig | undefined,
): Promise<Result<BaselineFile, string>> {
  if (await isFile(ref)) return readBaselineFile(ref);
  const { name, version } = splitRef(ref);
  if (name !== '' && (await isFile(name))) {
    const file = await readBaselineFile(name);
    if (!file.ok) return file;
    const v = file.value.version;
    if (
      version !== undefined &&
      !(v && (v.id === version || v.id.startsWith(version) || v.name === version))
    ) {
      return err(
        `${name}: holds version ${v ? `'${v.name}' (${v.id})` : 'of no store version'}, not '${version}'`,
      );
    }
    return file;
  }
  const resolved = config();
  if (!resolved) return err('the configuration is invalid');
  let store;
  try {
    store = await openStore(storeTarget(resolved));
  } catch (error) {
    return err(`cannot open the store ${storeLocation(resolved)}: ${message(error)}`);
  }
  try {
    if (name === 'current' && version === undefined) {
      const baselines = await store.listBaselines();
      return ok({
        format: BASELINE_FILE_FORMAT,
        name: 'current',
        exportedAt: Date.now(),
        baselines,
      });
    }
    const versions = await store.listBaselineVersions();
    const candidates = versions.filter(
      (v) =>
        (name === '' || v.name === name) &&
        (version === undefined || v.id === version || v.id.startsWith(version)),
    );
    const chosen = candidates[0];
    if (!chosen) {
      return err(
        `no baseline '${ref}': not a file, and the store ${storeLocation(resolved)} has no such version (versions: ${versions.map((v) => `${v.name}@${v.id.slice(0, 8)}`).join(', ') || 'none'}; use 'current' for the current baselines)`,
      );
    }
    const snapshot = await store.getBaselineVersion(chosen.id);
    if (!snapshot) return err(`baseline version '${chosen.id}' disappeared while reading it`);
    return ok({
      format: BASELINE_FILE_FORMAT,
      name: chosen.name,
      version: { id: chosen.id, name: chosen.name, createdAt: chosen.createdAt },
      exportedAt: Date.now(),
      baselines: snapshot.baselines,
    });
  } finally {
    await store.close();
  }
}

function thin(values: readonly number[]): number[] {
  if (values.length <= SAMPLE_LIMIT) return values.slice();
  const step = values.length / SAMPLE_LIMIT;
  return Array.from({ length: SAMPLE_LIMIT }, (_, i) => values[Math.floor(i * step)]!);
}

/**
 * Baselines computed from a run, as the engine computes them (its quality checks, each
 * category's default method unless configured), each with its values for the rank test.
 */
export function baselinesFromRun(
  run: RunSamples,
  options: {
    minSamples: number;
    methods?: Readonly<Record<string, FileBaseline['method']>>;
    now: number;
  },
): { baselines: FileBaseline[]; refused: string[] } {
  const baselines: FileBaseline[] = [];
  const refused: string[] = [];
  for (const s of run.series.values()) {
    const all = s.values.concat(Array.from({ length: s.invalid }, () => Number.NaN));
    const quality = checkQuality(all, { minSamples: options.minSamples });
    if (!quality.ok) {
      refused.push(`${s.key}: ${quality.detail}`);
      continue;
    }
    const method =
      options.methods?.[s.metric] ?? DEFAULT_BASELINE_METHODS[metricCategory(s.metric)];
    const { location, scale, bandLower, bandUpper, outliersRemoved, ...statistics } =
      computeBaseline(quality.finite, method);
    baselines.push({
      ...statistics,
      key: s.key,
      metric: s.metric,
      method,
      details: { location, scale, bandLower, bandUpper, outliersRemoved, source: run.source },
      createdAt: options.now,
      updatedAt: options.now,
      sample: thin(quality.finite),
    });
  }
  return { baselines, refused };
}

const CHECK_FLAGS = {
  ...CONFIG_FLAG,
  ...HELP_FLAG,
  input: { type: 'string', short: 'i' },
  baseline: { type: 'string', short: 'b' },
  markdown: { type: 'string' },
  junit: { type: 'string' },
  alpha: { type: 'string' },
  'min-samples': { type: 'string' },
  'allow-missing': { type: 'boolean' },
} as const;

const EXPORT_FLAGS = {
  ...CONFIG_FLAG,
  ...HELP_FLAG,
  input: { type: 'string', short: 'i' },
  baseline: { type: 'string', short: 'b' },
  out: { type: 'string', short: 'o' },
  name: { type: 'string' },
  'min-samples': { type: 'string' },
} as const;

function numberFlag(
  value: unknown,
  flag: string,
  check: (n: number) => boolean,
  range: string,
): Result<number | undefined, string> {
  if (value === undefined) return ok(undefined);
  const n = Number(value);
  return check(n) ? ok(n) : err(`--${flag} must be ${range}, got '${String(value)}'`);
}

/** `heterodyne-monitor baseline <check|export>`. */
export async function baselineCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub === undefined ? io.stderr : io.stdout).write(BASELINE_HELP);
    return sub === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (sub !== 'check' && sub !== 'export') {
    io.stderr.write(
      `baseline: unknown subcommand '${sub}'; use 'baseline check' or 'baseline export'\n`,
    );
    return EXIT_USAGE;
  }
  const parsed = parseCommandArgs(
    rest,
    sub === 'check' ? CHECK_FLAGS : EXPORT_FLAGS,
    `baseline ${sub}`,
  );
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${BASELINE_HELP}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  if (flags.help === true) {
    io.stdout.write(BASELINE_HELP);
    return EXIT_OK;
  }
  const usage = (text: string): number => {
    io.stderr.write(`baseline ${sub}: ${text}\n`);
    return EXIT_USAGE;
  };
  if (positionals.length > 0) return usage(`unexpected argument '${positionals[0]}'`);
  const minSamples = numberFlag(
    flags['min-samples'],
    'min-samples',
    (n) => Number.isInteger(n) && n >= 2,
    'an integer >= 2',
  );
  if (!minSamples.ok) return usage(minSamples.error);
  let loaded: AnalysisConfig | undefined | null = null;
  const config = (): AnalysisConfig | undefined => {
    if (loaded === null) loaded = loadOrReport(flags.config as string | undefined, io);
    return loaded;
  };
  try {
    return sub === 'check'
      ? await check(flags, minSamples.value, config, io, usage)
      : await exportBaseline(flags, minSamples.value, config, io, usage);
  } catch (error) {
    return usage(message(error));
  }
}

async function check(
  flags: Record<string, string | boolean | undefined>,
  minSamples: number | undefined,
  config: () => AnalysisConfig | undefined,
  io: CliIo,
  usage: (text: string) => number,
): Promise<number> {
  const input = flags.input as string | undefined;
  const ref = flags.baseline as string | undefined;
  if (input === undefined) return usage('--input <run> is required');
  if (ref === undefined) return usage('--baseline <name[@version]> is required');
  const alpha = numberFlag(flags.alpha, 'alpha', (n) => n > 0 && n < 1, 'between 0 and 1');
  if (!alpha.ok) return usage(alpha.error);
  const run = await readRunSamples(input);
  if (!run.ok) return usage(run.error);
  if (run.value.series.size === 0) return usage(`${input}: no samples found`);
  const baseline = await resolveBaseline(ref, config);
  if (!baseline.ok) return usage(baseline.error);
  // The configured thresholds apply when a configuration is given, as in the engine.
  const configured = flags.config !== undefined ? config() : undefined;
  if (flags.config !== undefined && !configured) return usage('the configuration is invalid');
  const result = compareRun(run.value, baseline.value.baselines, {
    alpha: alpha.value ?? configured?.baselines.alpha,
    ...(configured ? { effectSizeThresholds: configured.baselines.effectSizeThresholds } : {}),
    ...(minSamples === undefined ? {} : { minSamples }),
    requireAll: flags['allow-missing'] !== true,
  });
  const v = baseline.value.version;
  const context = {
    input,
    baseline: `${baseline.value.name}${v ? `@${v.id.slice(0, 8)}` : ''}`,
  };
  io.stdout.write(formatGateTable(result, context));
  if (typeof flags.markdown === 'string')
    await writeFile(flags.markdown, formatGateMarkdown(result, context));
  if (typeof flags.junit === 'string')
    await writeFile(flags.junit, formatGateJunit(result, context));
  return result.exitCode === 1 ? EXIT_REGRESSION : result.exitCode === 2 ? EXIT_USAGE : EXIT_OK;
}

async function exportBaseline(
  flags: Record<string, string | boolean | undefined>,
  minSamples: number | undefined,
  config: () => AnalysisConfig | undefined,
  io: CliIo,
  usage: (text: string) => number,
): Promise<number> {
  const out = flags.out as string | undefined;
  if (out === undefined) return usage('--out <file> is required');
  const input = flags.input as string | undefined;
  if (input !== undefined && flags.baseline !== undefined) {
    return usage('give --input (compute from a run) or --baseline (from the store), not both');
  }
  let file: BaselineFile;
  if (input !== undefined) {
    const run = await readRunSamples(input);
    if (!run.ok) return usage(run.error);
    const configured = flags.config !== undefined ? config() : undefined;
    if (flags.config !== undefined && !configured) return usage('the configuration is invalid');
    const now = Date.now();
    const { baselines, refused } = baselinesFromRun(run.value, {
      minSamples: minSamples ?? configured?.baselines.minSamples ?? 50,
      ...(configured ? { methods: configured.baselines.baselineMethods } : {}),
      now,
    });
    for (const r of refused) io.stderr.write(`baseline export: no baseline for ${r}\n`);
    if (baselines.length === 0)
      return usage(`${input}: no series has enough values for a baseline`);
    file = {
      format: BASELINE_FILE_FORMAT,
      name: (flags.name as string | undefined) ?? 'run',
      exportedAt: now,
      baselines,
    };
  } else {
    const resolved = await resolveBaseline(
      (flags.baseline as string | undefined) ?? 'current',
      config,
    );
    if (!resolved.ok) return usage(resolved.error);
    file = { ...resolved.value, ...(typeof flags.name === 'string' ? { name: flags.name } : {}) };
    if (file.baselines.length === 0) return usage('the store has no baselines to export');
  }
  await writeBaselineFile(out, file);
  io.stderr.write(
    `baseline export: ${file.baselines.length} baseline(s) '${file.name}' written to ${out}\n`,
  );
  return EXIT_OK;
}
