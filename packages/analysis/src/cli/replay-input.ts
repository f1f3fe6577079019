import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Signal } from '../otlp/model.js';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';

/** The wire encoding of a recorded request. */
export type ReplayEncoding = 'protobuf' | 'json';

/** One recorded export request, ready to decode. */
export interface ReplayUnit {
  /** `file` or `file:line`, for messages. */
  where: string;
  signal: Signal;
  encoding: ReplayEncoding;
  bytes: Uint8Array;
}

/** How to read recorded files. */
export interface ReplayReadOptions {
  /** Signal of every request (`--signal`); detected per request when undefined. */
  signal?: Signal;
  /** Largest decompressed file, in bytes (a guard against gzip bombs). @default 1 GiB */
  maxFileBytes?: number;
}

const JSON_EXTENSIONS = ['.json', '.jsonl', '.ndjson'];
const PROTOBUF_EXTENSIONS = ['.pb', '.bin', '.binpb', '.protobuf'];
const JSON_SIGNAL_KEYS: Record<string, Signal> = {
  resourceMetrics: 'metrics',
  resource_metrics: 'metrics',
  resourceSpans: 'traces',
  resource_spans: 'traces',
  resourceLogs: 'logs',
  resource_logs: 'logs',
};

/**
 * Reads one recorded file into export requests:
 * - protobuf (`.pb`, `.bin`, `.binpb`, `.protobuf`, or content not starting with `{`): one
 *   request per file;
 * - JSON (`.json`, `.jsonl`, `.ndjson`, or content starting with `{`): the whole file when it
 *   is one JSON document, otherwise one request per non-empty line.
 * A trailing `.gz` is decompressed first. The signal comes from `options.signal`, else (JSON)
 * from the top-level key (`resourceMetrics`, `resourceSpans`, `resourceLogs`), else from a word
 * in the file name (`metrics`, `traces`/`spans`, `logs`).
 */
export async function readReplayFile(
  path: string,
  options: ReplayReadOptions = {},
): Promise<Result<ReplayUnit[], string>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return err(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let name = basename(path).toLowerCase();
  if (name.endsWith('.gz')) {
    name = name.slice(0, -3);
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: options.maxFileBytes ?? 2 ** 30 });
    } catch (error) {
      return err(
        `${path}: not valid gzip or too large once decompressed: ${(error as Error).message}`,
      );
    }
  }
  const encoding = detectEncoding(name, bytes);
  const hint = options.signal ?? signalFromName(name);
  if (encoding === 'protobuf') {
    if (hint === undefined)
      return err(`${path}: cannot tell the signal of a protobuf file: ${SIGNAL_HELP}`);
    return ok([{ where: path, signal: hint, encoding, bytes }]);
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const whole = tryParse(text);
  if (whole.ok || !text.trim().includes('\n')) {
    const signal = options.signal ?? (whole.ok ? signalFromJson(whole.value) : undefined) ?? hint;
    if (signal === undefined) return err(`${path}: cannot tell the signal: ${SIGNAL_HELP}`);
    return ok([{ where: path, signal, encoding, bytes }]);
  }
  const units: ReplayUnit[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const where = `${path}:${i + 1}`;
    const parsed = tryParse(line);
    const signal = options.signal ?? (parsed.ok ? signalFromJson(parsed.value) : undefined) ?? hint;
    if (signal === undefined) return err(`${where}: cannot tell the signal: ${SIGNAL_HELP}`);
    units.push({ where, signal, encoding, bytes: Buffer.from(line, 'utf8') });
  }
  return ok(units);
}

const SIGNAL_HELP =
  'pass --signal metrics|traces|logs, or put metrics, traces or logs in the file name';

function detectEncoding(name: string, bytes: Uint8Array): ReplayEncoding {
  if (JSON_EXTENSIONS.some((e) => name.endsWith(e))) return 'json';
  if (PROTOBUF_EXTENSIONS.some((e) => name.endsWith(e))) return 'protobuf';
  for (const b of bytes) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b ? 'json' : 'protobuf';
  }
  return 'protobuf';
}

/** The signal named by a word in a file name (`node-metrics-3.pb`), if exactly one is. */
export function signalFromName(name: string): Signal | undefined {
  const words = name.toLowerCase().split(/[^a-z]+/);
  const found = new Set<Signal>();
  for (const w of words) {
    if (w === 'metrics' || w === 'metric') found.add('metrics');
    else if (w === 'traces' || w === 'trace' || w === 'spans') found.add('traces');
    else if (w === 'logs' || w === 'log') found.add('logs');
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function signalFromJson(value: unknown): Signal | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const key of Object.keys(value)) {
    const signal = JSON_SIGNAL_KEYS[key];
    if (signal !== undefined) return signal;
  }
  return undefined;
}

function tryParse(text: string): Result<unknown, void> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err(undefined);
  }
}
