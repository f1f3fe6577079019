import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { detectChangePoints } from '../engines/baselines/change-point-detector.js';
import { parseCommandArgs } from './args.js';
import { parseChangePointInput } from './changepoint-input.js';
import type { CliIo } from './cli-io.js';
import { HELP_FLAG } from './config-check-command.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { DETECT_CHANGEPOINTS_HELP } from './help.js';
import { createProgressBar } from './progress-bar.js';

/** Every `.json` file under `dir`, recursively, sorted by path. */
export function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.json')) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** Change points of one file, or an error message naming the file. */
export function changePointsOfFile(
  path: string,
  onProgress?: (done: number, total: number) => void,
): { ok: true; changepoints: number[] } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, error: `${path}: cannot read (${(error as Error).message})` };
  }
  const parsed = parseChangePointInput(text, path);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const found = detectChangePoints(parsed.value.dims, onProgress ? { onProgress } : {});
  return { ok: true, changepoints: found.map((p) => p.index) };
}

/**
 * `heterodyne-monitor detect changepoints --input <file|dir> [--output <file|dir>]`: change
 * points with the default settings, as `{"changepoints": [indices]}` per input file.
 */
export function detectChangePointsCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs(
    args,
    { ...HELP_FLAG, input: { type: 'string', short: 'i' }, output: { type: 'string', short: 'o' } },
    'detect changepoints',
  );
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${DETECT_CHANGEPOINTS_HELP}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  if (flags.help === true) {
    io.stdout.write(DETECT_CHANGEPOINTS_HELP);
    return EXIT_OK;
  }
  const input = flags.input as string | undefined;
  const output = flags.output as string | undefined;
  if (input === undefined || positionals.length > 0) {
    io.stderr.write(
      `detect changepoints: ${input === undefined ? 'missing --input' : `unexpected argument '${positionals[0]}'`}\n\n${DETECT_CHANGEPOINTS_HELP}`,
    );
    return EXIT_USAGE;
  }
  let isDir: boolean;
  try {
    isDir = statSync(input).isDirectory();
  } catch (error) {
    io.stderr.write(`detect changepoints: --input ${input}: ${(error as Error).message}\n`);
    return EXIT_INVALID;
  }
  const files = isDir ? listJsonFiles(input) : [input];
  if (files.length === 0) {
    io.stderr.write(`detect changepoints: no .json files under ${input}\n`);
    return EXIT_INVALID;
  }
  const progress = createProgressBar({ stream: io.stderr, total: files.length });
  const results: Record<string, number[]> = {};
  let failures = 0;
  files.forEach((file, k) => {
    const name = isDir ? relative(input, file) : file;
    const result = changePointsOfFile(file, (done, total) =>
      progress.update(k, `${name} ${Math.floor((100 * done) / Math.max(1, total))}%`),
    );
    progress.update(k + 1, name);
    if (!result.ok) {
      failures++;
      progress.log(`detect changepoints: ${result.error}`);
      return;
    }
    results[name] = result.changepoints;
    if (output !== undefined) {
      const target = isDir ? join(output, name) : output;
      try {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, `${JSON.stringify({ changepoints: result.changepoints })}\n`);
      } catch (error) {
        failures++;
        progress.log(`detect changepoints: cannot write ${target}: ${(error as Error).message}`);
      }
    }
  });
  progress.finish();
  if (output === undefined) {
    const body = isDir
      ? Object.fromEntries(Object.entries(results).map(([n, cps]) => [n, { changepoints: cps }]))
      : { changepoints: results[files[0]!] ?? [] };
    if (!isDir && failures > 0) return EXIT_INVALID;
    io.stdout.write(`${JSON.stringify(body)}\n`);
  } else {
    io.stderr.write(
      `detect changepoints: ${files.length - failures} of ${files.length} files written to ${output}\n`,
    );
  }
  return failures > 0 ? EXIT_INVALID : EXIT_OK;
}
