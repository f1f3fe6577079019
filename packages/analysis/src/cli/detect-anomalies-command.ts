import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createStreamingAnomalyDetector } from '../engines/anomaly/streaming-anomaly-detector.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { HELP_FLAG } from './config-check-command.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { DETECT_ANOMALIES_HELP } from './help.js';
import { createProgressBar } from './progress-bar.js';
import { parseSeriesCsv } from './series-csv.js';

/** Rows between two progress updates. */
const PROGRESS_ROWS = 8192;

/**
 * `heterodyne-monitor detect anomalies --input <file|dir> [--output <file|dir>]`: scores
 * every row of `timestamp,value` CSV files with the streaming detector's default settings and
 * writes `timestamp,value,anomaly_score` (one causal score per row). A directory input is
 * read recursively for `*.csv`, and its results are written under `--output` with the same
 * relative paths.
 */
export async function detectAnomaliesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { ...HELP_FLAG, input: { type: 'string', short: 'i' }, output: { type: 'string', short: 'o' } },
    'detect anomalies',
  );
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${DETECT_ANOMALIES_HELP}`);
    return EXIT_USAGE;
  }
  const { flags, positionals } = parsed.value;
  if (flags.help === true) {
    io.stdout.write(DETECT_ANOMALIES_HELP);
    return EXIT_OK;
  }
  const input = flags.input as string | undefined;
  const output = flags.output as string | undefined;
  if (input === undefined || positionals.length > 0) {
    io.stderr.write(
      `detect anomalies: ${input === undefined ? 'missing --input' : `unexpected argument '${positionals[0]}'`}\n\n${DETECT_ANOMALIES_HELP}`,
    );
    return EXIT_USAGE;
  }
  let isDirectory: boolean;
  try {
    isDirectory = statSync(input).isDirectory();
  } catch (error) {
    io.stderr.write(`detect anomalies: cannot read --input ${input}: ${message(error)}\n`);
    return EXIT_INVALID;
  }
  if (isDirectory && output === undefined) {
    io.stderr.write('detect anomalies: --output <dir> is required when --input is a directory\n');
    return EXIT_USAGE;
  }
  const files = isDirectory ? listCsv(input) : [''];
  if (files.length === 0) {
    io.stderr.write(`detect anomalies: no .csv files under ${input}\n`);
    return EXIT_INVALID;
  }

  const bar = createProgressBar({ stream: io.stderr, total: files.length });
  let failures = 0;
  let rowsDone = 0;
  for (const [index, relative] of files.entries()) {
    const source = isDirectory ? join(input, relative) : input;
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      bar.log(`error: cannot read ${source}: ${message(error)}`);
      failures++;
      continue;
    }
    const series = parseSeriesCsv(text, source);
    if (!series.ok) {
      bar.log(`error: ${series.error}`);
      failures++;
      continue;
    }
    const { timestampTexts, valueTexts, timesMillis, values, backwardSteps } = series.value;
    if (backwardSteps > 0) {
      bar.log(
        `warning: ${source}:${series.value.firstBackwardLine}: ${backwardSteps} row(s) with a timestamp earlier than the row before; scored in file order`,
      );
    }
    const detector = createStreamingAnomalyDetector();
    const lines = ['timestamp,value,anomaly_score'];
    for (let i = 0; i < values.length; i++) {
      const score = detector.update(timesMillis[i]!, values[i]!).score;
      lines.push(`${timestampTexts[i]},${valueTexts[i]},${formatScore(score)}`);
      if (++rowsDone % PROGRESS_ROWS === 0) {
        bar.update(index, `${basename(source)}: ${i + 1}/${values.length} rows`);
      }
    }
    const csv = `${lines.join('\n')}\n`;
    try {
      if (output === undefined) io.stdout.write(csv);
      else {
        const target = isDirectory ? join(output, relative) : output;
        mkdirSync(join(target, '..'), { recursive: true });
        writeFileSync(target, csv);
      }
    } catch (error) {
      bar.log(`error: cannot write the scores of ${source}: ${message(error)}`);
      failures++;
      continue;
    }
    bar.update(index + 1, `${basename(source)}: ${values.length} rows`);
  }
  bar.finish();
  if (output !== undefined) {
    io.stderr.write(
      `scored ${rowsDone} rows in ${files.length - failures} of ${files.length} files into ${output}\n`,
    );
  }
  return failures > 0 ? EXIT_INVALID : EXIT_OK;
}

function listCsv(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const relative = prefix === '' ? entry.name : join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...listCsv(dir, relative));
    else if (entry.name.endsWith('.csv')) out.push(relative);
  }
  return out;
}

function formatScore(score: number): string {
  return score === 0 ? '0' : score.toFixed(6);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
