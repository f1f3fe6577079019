import { decodeOtlp } from '../otlp/decode-otlp.js';
import type { Signal } from '../otlp/model.js';
import type { IngestPipeline, IngestResult } from '../pipeline/types.js';
import { SILENT_LOGGER } from '../service/logger.js';
import { openServiceCore, storeLocation } from '../service/service-core.js';
import type { ServiceCore } from '../service/service-core.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { CONFIG_FLAG, HELP_FLAG, loadOrReport } from './config-check-command.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import { REPLAY_HELP } from './help.js';
import { createProgressBar } from './progress-bar.js';
import { readReplayFile } from './replay-input.js';
import { createReplayClock, formatEngineSummary, startReplayEngines } from './replay-engines.js';
import type { ReplayEngines } from './replay-engines.js';
import type { EngineFactory } from '../engines/registry.js';
import { createLineLogger } from '../service/logger.js';

const SIGNALS: readonly Signal[] = ['metrics', 'traces', 'logs'];

/** Totals of a replay run. */
export interface ReplaySummary {
  files: number;
  requests: number;
  acceptedPoints: number;
  rejectedPoints: number;
  droppedPoints: number;
  /** Files or requests that could not be read or decoded. */
  errors: number;
}

/** Options of {@link replayCommand} for embedding and tests. */
export interface ReplayCommandOptions {
  /** The engines to run over the data. @default ENGINE_FACTORIES */
  engineFactories?: readonly EngineFactory[];
}

/** `heterodyne-monitor replay <files...> [--config file] [--signal s]`. */
export async function replayCommand(
  args: readonly string[],
  io: CliIo,
  options: ReplayCommandOptions = {},
): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { ...CONFIG_FLAG, ...HELP_FLAG, signal: { type: 'string', short: 's' } },
    'replay',
  );
  if (!parsed.ok) {
    io.stderr.write(`${parsed.error}\n\n${REPLAY_HELP}`);
    return EXIT_USAGE;
  }
  const { flags, positionals: files } = parsed.value;
  if (flags.help === true) {
    io.stdout.write(REPLAY_HELP);
    return EXIT_OK;
  }
  if (files.length === 0) {
    io.stderr.write(`replay: no files given\n\n${REPLAY_HELP}`);
    return EXIT_USAGE;
  }
  const signal = flags.signal as string | undefined;
  if (signal !== undefined && !SIGNALS.includes(signal as Signal)) {
    io.stderr.write(`replay: --signal must be one of ${SIGNALS.join(', ')}, got '${signal}'\n`);
    return EXIT_USAGE;
  }
  const config = loadOrReport(flags.config as string | undefined, io);
  if (config === undefined) return EXIT_INVALID;

  // The data's own time: arrival times, span-derived points and engine evaluations follow it.
  const clock = createReplayClock(Date.now());
  let core: ServiceCore;
  let engines: ReplayEngines | undefined;
  try {
    core = await openServiceCore(config, {
      clock,
      logger: SILENT_LOGGER,
      seriesStartTimeMillis: 0,
    });
  } catch (error) {
    io.stderr.write(`replay: cannot open the store ${storeLocation(config)}: ${message(error)}\n`);
    return EXIT_RUNTIME;
  }
  try {
    // Findings are logged with the data time at which they were raised.
    const logger = createLineLogger((line) => io.stdout.write(line), clock.now);
    engines = startReplayEngines({
      config,
      core,
      clock,
      logger,
      factories: options.engineFactories,
    });
  } catch (error) {
    io.stderr.write(`replay: ${message(error)}\n`);
    await core.close().catch(() => undefined);
    return EXIT_RUNTIME;
  }
  const summary = await replayFiles(
    files,
    core.pipeline,
    io,
    signal as Signal | undefined,
    engines,
  );
  if (engines) {
    try {
      await engines.finish();
      io.stdout.write(`${formatEngineSummary(engines)}\n`);
    } catch (error) {
      io.stderr.write(`replay: engines: ${message(error)}\n`);
      summary.errors++;
    }
  }
  try {
    const series = await core.checkpoint();
    io.stdout.write(
      `${formatSummary(summary)}\nseries checkpoint: ${series} series saved to ${storeLocation(config)}\n`,
    );
  } catch (error) {
    io.stderr.write(`replay: saving the series checkpoint failed: ${message(error)}\n`);
    await core.close().catch(() => undefined);
    return EXIT_RUNTIME;
  }
  await core.close();
  return summary.errors > 0 ? EXIT_INVALID : EXIT_OK;
}

/** Reads, decodes and ingests every file, reporting progress on stderr. */
export async function replayFiles(
  files: readonly string[],
  pipeline: IngestPipeline,
  io: CliIo,
  signal?: Signal,
  engines?: Pick<ReplayEngines, 'beforeRequest'>,
): Promise<ReplaySummary> {
  const bar = createProgressBar({ stream: io.stderr, total: files.length });
  const total: ReplaySummary = {
    files: files.length,
    requests: 0,
    acceptedPoints: 0,
    rejectedPoints: 0,
    droppedPoints: 0,
    errors: 0,
  };
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as string;
    const read = await readReplayFile(file, { signal });
    const own = { requests: 0, accepted: 0, rejected: 0, errors: 0 };
    if (!read.ok) {
      own.errors++;
      bar.log(`error: ${read.error}`);
    } else {
      for (const unit of read.value) {
        const decoded = decodeOtlp(unit.signal, unit.encoding, unit.bytes);
        if (!decoded.ok) {
          own.errors++;
          bar.log(
            `error: ${unit.where}: not a valid OTLP ${unit.signal} request (${unit.encoding}): ${decoded.error.message}`,
          );
          continue;
        }
        await engines?.beforeRequest(unit.signal, decoded.value);
        const result = ingest(pipeline, unit.signal, decoded.value);
        own.requests++;
        own.accepted += result.acceptedPoints;
        own.rejected += result.rejectedPoints;
        total.droppedPoints += result.droppedPoints;
        if (result.rejectedPoints > 0) {
          bar.log(
            `${unit.where}: ${result.rejectedPoints} points rejected: ${result.errorMessage}`,
          );
        }
      }
    }
    total.requests += own.requests;
    total.acceptedPoints += own.accepted;
    total.rejectedPoints += own.rejected;
    total.errors += own.errors;
    if (!io.stderr.isTTY) {
      bar.log(
        `[${i + 1}/${files.length}] ${file}: ${own.requests} requests, ${own.accepted} points accepted, ${own.rejected} rejected${own.errors ? `, ${own.errors} errors` : ''}`,
      );
    }
    bar.update(i + 1, `${total.requests} requests, ${total.acceptedPoints} points accepted`);
  }
  bar.finish();
  return total;
}

function ingest(pipeline: IngestPipeline, signal: Signal, request: unknown): IngestResult {
  switch (signal) {
    case 'metrics':
      return pipeline.ingestMetrics(request as Parameters<IngestPipeline['ingestMetrics']>[0]);
    case 'traces':
      return pipeline.ingestTraces(request as Parameters<IngestPipeline['ingestTraces']>[0]);
    default:
      return pipeline.ingestLogs(request as Parameters<IngestPipeline['ingestLogs']>[0]);
  }
}

/** The summary printed at the end of a replay. */
export function formatSummary(s: ReplaySummary): string {
  return (
    `replayed ${s.files} file${s.files === 1 ? '' : 's'}: ${s.requests} requests, ` +
    `${s.acceptedPoints} points accepted, ${s.rejectedPoints} rejected, ` +
    `${s.droppedPoints} dropped (duplicate, out of order or over the cardinality limit), ` +
    `${s.errors} error${s.errors === 1 ? '' : 's'}`
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
