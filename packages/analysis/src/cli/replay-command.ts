import { countItems } from '../otlp/count.js';
import { decodeOtlp } from '../otlp/decode-otlp.js';
import type { Signal } from '../otlp/model.js';
import type { IngestPipeline, IngestResult } from '../pipeline/types.js';
import { ok } from '../result.js';
import { SILENT_LOGGER } from '../service/logger.js';
import { StoreError } from '../store/store-error.js';
import { openServiceCore, storeLocation } from '../service/service-core.js';
import type { ServiceCore } from '../service/service-core.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { CONFIG_FLAG, HELP_FLAG, loadOrReport } from './config-check-command.js';
import { EXIT_INVALID, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.js';
import { REPLAY_HELP } from './help.js';
import { createProgressBar } from './progress-bar.js';
import { readReplayFile } from './replay-input.js';
import {
  createRemoteSink,
  parseOtlpHeaders,
  readReplayTarget,
  type ReplaySink,
  type SinkOutcome,
} from './replay-remote.js';
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
  /** Files or requests that could not be read, decoded or delivered. */
  errors: number;
  /** Why the replay stopped early (the destination became unreachable), if it did. */
  stopped?: string;
}

/** Options of {@link replayCommand} for embedding and tests. */
export interface ReplayCommandOptions {
  /** The engines to run over the data. @default ENGINE_FACTORIES */
  engineFactories?: readonly EngineFactory[];
}

/** `heterodyne-monitor replay <files...> [--config file | --to URL] [--signal s]`. */
export async function replayCommand(
  args: readonly string[],
  io: CliIo,
  options: ReplayCommandOptions = {},
): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      ...CONFIG_FLAG,
      ...HELP_FLAG,
      signal: { type: 'string', short: 's' },
      to: { type: 'string' },
    },
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
  if (flags.to !== undefined) {
    if (flags.config !== undefined) {
      io.stderr.write(
        'replay: --to sends to a running service, which has its own store: drop --config\n',
      );
      return EXIT_USAGE;
    }
    return replayToService(files, flags.to as string, io, signal as Signal | undefined);
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
      // The checkpoint at the end keeps what was replayed; logging each file would only
      // slow the replay down.
      walSync: 'off',
    });
  } catch (error) {
    io.stderr.write(`replay: cannot open the store ${storeLocation(config)}: ${message(error)}\n`);
    if (isLocked(error)) {
      io.stderr.write(
        'replay: to add recorded data to a running service, send it there: ' +
          'heterodyne-monitor replay --to http://HOST:4318 <files...>\n',
      );
    }
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
    pipelineSink(core.pipeline),
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

/** `replay --to URL`: posts every recorded request to a running service's OTLP/HTTP receiver. */
async function replayToService(
  files: readonly string[],
  to: string,
  io: CliIo,
  signal: Signal | undefined,
): Promise<number> {
  const endpoint = readReplayTarget(to);
  if (!endpoint.ok) {
    io.stderr.write(`replay: ${endpoint.error}\n`);
    return EXIT_USAGE;
  }
  const sink = createRemoteSink({
    endpoint: endpoint.value,
    headers: parseOtlpHeaders(io.env.OTEL_EXPORTER_OTLP_HEADERS),
  });
  const summary = await replayFiles(files, sink, io, signal);
  io.stdout.write(`${formatSummary(summary)}\nsent to ${endpoint.value.toString()}\n`);
  if (summary.stopped !== undefined) {
    io.stderr.write(`replay: stopped: ${summary.stopped}\n`);
    return EXIT_RUNTIME;
  }
  return summary.errors > 0 ? EXIT_INVALID : EXIT_OK;
}

/** Ingests into the in-process pipeline. */
export function pipelineSink(pipeline: IngestPipeline): ReplaySink {
  return (unit, request) => {
    const result = ingest(pipeline, unit.signal, request);
    const outcome: SinkOutcome = {
      accepted: result.acceptedPoints,
      rejected: result.rejectedPoints,
      dropped: result.droppedPoints,
    };
    if (result.errorMessage) outcome.message = result.errorMessage;
    return Promise.resolve(ok(outcome));
  };
}

function isLocked(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof StoreError && e.code === 'locked') return true;
  }
  return false;
}

/**
 * Reads and decodes every file and hands each request to `sink`, reporting progress on
 * stderr. Stops early when the sink says its destination is gone.
 */
export async function replayFiles(
  files: readonly string[],
  sink: ReplaySink,
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
        const sent = await sink(unit, decoded.value, countItems(unit.signal, decoded.value));
        if (!sent.ok) {
          own.errors++;
          bar.log(`error: ${unit.where}: ${sent.error.message}`);
          if (sent.error.fatal) {
            total.stopped = sent.error.message;
            break;
          }
          continue;
        }
        const result = sent.value;
        own.requests++;
        own.accepted += result.accepted;
        own.rejected += result.rejected;
        total.droppedPoints += result.dropped;
        if (result.rejected > 0) {
          bar.log(`${unit.where}: ${result.rejected} points rejected: ${result.message ?? ''}`);
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
    if (total.stopped !== undefined) break;
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
