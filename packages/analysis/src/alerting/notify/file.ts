/**
 * The file channel: each notification appended as one JSON line (the webhook v4 shape plus the
 * notification id and time); when the file would grow past `max_size` it is rotated
 * (`alerts.jsonl` → `alerts.jsonl.1` → ... up to `max_files`, the oldest dropped).
 */
import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { err, ok } from '../../result.js';
import type { MapReader } from '../../config/yaml-reader.js';
import type { ChannelCommonConfig, Notifier, NotifierContext } from './notifier.js';
import { describeError } from './notifier.js';
import { rfc3339, webhookPayload } from './payload.js';
import { requiredString } from './secret-field.js';

/** A file channel. */
export interface FileChannelConfig extends ChannelCommonConfig {
  type: 'file';
  /** The JSON-lines file. */
  path: string;
  /** Size at which the file is rotated, in bytes. @default 16 MiB */
  maxSizeBytes: number;
  /** Rotated files kept besides the current one. @default 5 */
  maxFiles: number;
}

/** Reads `config:` of a file channel. */
export function readFileChannel(config: MapReader, common: ChannelCommonConfig): FileChannelConfig {
  return {
    ...common,
    type: 'file',
    path: requiredString(config, 'path'),
    maxSizeBytes: config.size('max_size', 16 * 1024 * 1024, { min: 1024 }),
    maxFiles: config.number('max_files', 5, { min: 0, max: 1000, integer: true }),
  };
}

/** Creates a file notifier. */
export function createFileNotifier(config: FileChannelConfig, context: NotifierContext): Notifier {
  let size: number | undefined;
  // Appends run one at a time, so rotation never interleaves with a write.
  let chain: Promise<unknown> = Promise.resolve();

  const rotate = async (): Promise<void> => {
    if (config.maxFiles === 0) {
      await rm(config.path, { force: true });
      return;
    }
    await rm(`${config.path}.${config.maxFiles}`, { force: true });
    for (let i = config.maxFiles - 1; i >= 1; i--) {
      await rename(`${config.path}.${i}`, `${config.path}.${i + 1}`).catch(() => undefined);
    }
    await rename(config.path, `${config.path}.1`);
  };

  const write = async (line: string): Promise<void> => {
    if (size === undefined) {
      await mkdir(dirname(config.path), { recursive: true });
      size = await stat(config.path).then(
        (s) => s.size,
        () => 0,
      );
    }
    const bytes = Buffer.byteLength(line);
    if (size > 0 && size + bytes > config.maxSizeBytes) {
      await rotate();
      size = 0;
    }
    await appendFile(config.path, line);
    size += bytes;
  };

  return {
    id: config.id,
    type: 'file',
    async send(n) {
      const record = {
        id: n.id,
        time: rfc3339(n.createdAtMillis),
        ...(n.test ? { test: true } : {}),
        ...webhookPayload(n, context.externalUrl),
      };
      const line = `${JSON.stringify(record)}\n`;
      const done = chain.then(() => write(line));
      chain = done.catch(() => undefined);
      try {
        await done;
        return ok(undefined);
      } catch (error) {
        size = undefined;
        return err(`file ${config.path}: ${describeError(error)}`);
      }
    },
  };
}
