/**
 * Writes the runtime's findings to the store behind the in-memory log: `add` only queues (no
 * I/O on the path that records a finding), `flush` writes what is queued in batches, one
 * transaction per batch, one flush at a time. A failed write is logged (once per outage),
 * counted and retried at the next flush; it never throws into the caller. While the store
 * stays down the queue is bounded: past `maxPending` the oldest queued findings are dropped,
 * counted.
 */
import type { FindingRecord, FindingRecordInput, FindingStore } from '../store/finding-records.js';
import type { EngineLogger } from './engine.js';
import { findingIdentity } from './findings.js';
import type { Finding, FindingSeverity } from './findings.js';

/** Default of {@link FindingWriterOptions.maxPending}. */
export const DEFAULT_FINDING_WRITE_QUEUE = 10_000;
/** Findings written per transaction. */
export const FINDING_WRITE_BATCH = 500;

/** Options of {@link createFindingWriter}. */
export interface FindingWriterOptions {
  /** Where findings are written. */
  store: FindingStore;
  /**
   * This replica's name when several share one store (`service.replica`).
   * @default '' (unnamed)
   */
  replica?: string;
  /** The time recorded with each finding, in epoch milliseconds. */
  now: () => number;
  /**
   * Findings queued at most while the store does not take them; the oldest are dropped past it.
   * @default 10000
   */
  maxPending?: number;
  /** @default silent */
  logger?: EngineLogger;
  /** `count` findings were written (self-telemetry). */
  onWritten?: (count: number) => void;
  /** A write failed (self-telemetry). */
  onWriteFailed?: (error: unknown) => void;
  /** `count` queued findings were dropped, never written (self-telemetry). */
  onDropped?: (count: number) => void;
}

/** What the writer did so far. */
export interface FindingWriterStats {
  /** Findings written to the store. */
  written: number;
  /** Findings queued, not written yet (the batch being written included). */
  pending: number;
  /** Writes that failed. */
  failures: number;
  /** Findings dropped from a full queue, never written. */
  dropped: number;
  /** The last failure's message, while the store has not taken a write since. */
  lastError?: string;
}

/** The write-behind queue of findings. */
export interface FindingWriter {
  /** Queues a finding (recorded by the log) for the next flush. */
  add(finding: Finding): void;
  /**
   * Writes everything queued; resolves when done or when a write failed (the rest stays
   * queued). Never rejects. A flush requested while one runs runs after it.
   */
  flush(): Promise<void>;
  /** Counts so far. */
  stats(): FindingWriterStats;
}

/** Creates a writer; nothing is written until `flush`. */
export function createFindingWriter(options: FindingWriterOptions): FindingWriter {
  const maxPending = options.maxPending ?? DEFAULT_FINDING_WRITE_QUEUE;
  if (!Number.isInteger(maxPending) || maxPending < 1) {
    throw new RangeError(
      `finding writer: maxPending must be a positive integer, got ${maxPending}`,
    );
  }
  const replica = options.replica ?? '';
  let pending: FindingRecordInput[] = [];
  let inFlight = 0;
  let written = 0;
  let failures = 0;
  let dropped = 0;
  let lastError: string | undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const trim = (): void => {
    const over = pending.length - maxPending;
    if (over <= 0) return;
    pending = pending.slice(over);
    dropped += over;
    options.onDropped?.(over);
  };

  const drain = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending.slice(0, FINDING_WRITE_BATCH);
      pending = pending.slice(batch.length);
      inFlight = batch.length;
      try {
        await options.store.appendFindings(batch);
      } catch (error) {
        failures++;
        const message = error instanceof Error ? error.message : String(error);
        if (lastError === undefined) {
          options.logger?.error('findings: cannot write to the store; retrying at the next flush', {
            error: message,
            pending: pending.length + batch.length,
          });
        }
        lastError = message;
        options.onWriteFailed?.(error);
        // Back at the front, in order; the queue's bound applies again.
        pending = [...batch, ...pending];
        trim();
        return;
      } finally {
        inFlight = 0;
      }
      written += batch.length;
      options.onWritten?.(batch.length);
      if (lastError !== undefined) {
        options.logger?.info('findings: the store takes writes again', { failures });
        lastError = undefined;
      }
    }
  };

  const flush = (): Promise<void> => {
    if (queued) return queued;
    if (running) {
      queued = running.then(() => {
        queued = undefined;
        return flush();
      });
      return queued;
    }
    running = drain().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    add(finding) {
      // A full queue drops its oldest: one shift (in place), not a copy of the queue per add.
      if (pending.length >= maxPending) {
        pending.shift();
        dropped++;
        options.onDropped?.(1);
      }
      pending.push(toRecord(finding, replica, options.now()));
    },
    flush,
    stats() {
      return {
        written,
        pending: pending.length + inFlight,
        failures,
        dropped,
        ...(lastError === undefined ? {} : { lastError }),
      };
    },
  };
}

/** The finding a stored record holds. */
export function findingOfRecord(record: FindingRecord): Finding {
  const finding: Finding = {
    engine: record.engine,
    kind: record.kind,
    severity: record.severity as FindingSeverity,
    state: record.state,
    labels: record.labels,
    summary: record.summary,
    startsAtMillis: record.startsAt,
  };
  if (record.value !== undefined) finding.value = record.value;
  if (record.threshold !== undefined) finding.threshold = record.threshold;
  if (record.windowSeconds !== undefined) finding.windowSeconds = record.windowSeconds;
  if (record.evidence !== undefined) finding.evidence = record.evidence;
  if (record.suggestedAction !== undefined) finding.suggestedAction = record.suggestedAction;
  if (record.endsAt !== undefined) finding.endsAtMillis = record.endsAt;
  return finding;
}

/**
 * The record of a finding. Text is made storable everywhere (PostgreSQL refuses NUL in text
 * and JSON); evidence that is not JSON (a cycle, a BigInt) is replaced by the reason, so one
 * odd finding never blocks the queue; a NaN number is left out.
 */
function toRecord(f: Finding, replica: string, recordedAt: number): FindingRecordInput {
  const labels = jsonSafe(f.labels) as Record<string, string>;
  const record: FindingRecordInput = {
    replica,
    identity: findingIdentity({ engine: clean(f.engine), kind: clean(f.kind), labels }),
    engine: clean(f.engine),
    kind: clean(f.kind),
    severity: f.severity,
    state: f.state,
    labels,
    summary: clean(f.summary),
    startsAt: f.startsAtMillis,
    recordedAt,
  };
  const number = (v: number | undefined): number | undefined =>
    v === undefined || Number.isNaN(v) ? undefined : v;
  const value = number(f.value);
  const threshold = number(f.threshold);
  const windowSeconds = number(f.windowSeconds);
  if (value !== undefined) record.value = value;
  if (threshold !== undefined) record.threshold = threshold;
  if (windowSeconds !== undefined) record.windowSeconds = windowSeconds;
  if (f.evidence !== undefined) record.evidence = jsonSafe(f.evidence) as Record<string, unknown>;
  if (f.suggestedAction !== undefined) record.suggestedAction = clean(f.suggestedAction);
  if (f.endsAtMillis !== undefined) record.endsAt = f.endsAtMillis;
  return record;
}

function clean(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function jsonSafe(value: unknown): unknown {
  try {
    return cleanJson(JSON.parse(JSON.stringify(value)) as unknown);
  } catch (error) {
    return { unserializable: error instanceof Error ? error.message : String(error) };
  }
}

/** Parsed JSON with NUL replaced in every string, keys included. */
function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[clean(key)] = cleanJson(v);
  return out;
}
