/**
 * The write-ahead log writer, with group commit: records are framed and queued in memory by
 * `append` (synchronous, so the pipeline logs and applies a request in the same turn), and
 * one flush at a time writes every queued record with a single write and, under the `fsync`
 * policy, a single `fdatasync`. Requests that arrive while a flush is in flight wait for the
 * next one, so concurrent requests share one sync instead of queueing one sync each.
 *
 * A failed write or sync fails every waiting request, closes the segment and leaves the
 * writer failed (see `health()`); the next append after the retry delay opens a new segment.
 */
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { encodeFrame } from './frame.js';
import { segmentName } from './wal-segments.js';
import { syncDirectory } from './numbered-files.js';

/** When an acknowledged record is on disk. */
export type WalSyncPolicy = 'fsync' | 'write';

/** The file operations the writer uses (a seam for fault injection in tests). */
export interface WalFile {
  write(data: Buffer): Promise<unknown>;
  datasync(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link createWalWriter}. */
export interface WalWriterOptions {
  /** Directory of the segment files (created when missing). */
  dir: string;
  /**
   * `fsync`: a record is acknowledged once it was written and `fdatasync`ed (survives a power
   * loss). `write`: once the operating system has it (survives a crash of the process, not of
   * the machine); the segment is synced every `syncIntervalMillis`.
   * @default 'fsync'
   */
  sync?: WalSyncPolicy;
  /** Sync interval of the `write` policy, in milliseconds. @default 1000 */
  syncIntervalMillis?: number;
  /** A segment past this size is closed and the next record starts a new one, bytes. @default 67108864 */
  segmentBytes?: number;
  /** Sequence number of the next record. @default 1 */
  nextSeq?: number;
  /** Wait after a failure before a new segment is tried, in milliseconds. @default 1000 */
  retryDelayMillis?: number;
  /** Opens a segment file for appending. @default `fs.promises.open(path, 'a', 0o600)` */
  openFile?: (path: string) => Promise<WalFile>;
  /** Told each completed flush: bytes written, seconds taken, whether it synced. */
  onFlush?: (bytes: number, seconds: number, synced: boolean) => void;
  /** Told each failure. */
  onFailure?: (error: Error) => void;
  /** Segments already on disk (found at start), for {@link WalWriter.truncate}. */
  existing?: readonly KnownSegment[];
}

/** The write-ahead log writer. */
export interface WalWriter {
  /** Sequence number of the last appended record (0 before the first). */
  readonly lastSeq: number;
  /**
   * Frames and queues the record `encode(seq)` for writing, and returns its sequence number.
   * Throws the failure while the writer is failed (check {@link health} first).
   */
  append(encode: (seq: number) => Buffer): number;
  /** Resolves once every record appended so far is acknowledged by the sync policy. */
  flushed(): Promise<void>;
  /** Makes the next record start a new segment (a checkpoint's cut). */
  rotate(): void;
  /**
   * Deletes the segments (other than the one being written) whose records all have a
   * sequence number `<= coveredSeq`; resolves with how many were deleted.
   */
  truncate(coveredSeq: number): Promise<number>;
  /** Segments on disk (found at start or written since), with their sequence numbers. */
  segments(): KnownSegment[];
  /** `ok: false` with the error while failed. */
  health(): { ok: true } | { ok: false; error: Error };
  /** Flushes, syncs and closes the current segment. */
  close(): Promise<void>;
}

/** A segment file and the sequence numbers it holds. */
export interface KnownSegment {
  path: string;
  firstSeq: number;
  lastSeq: number;
}

type Pending = { seq: number; frame: Buffer } | { rotate: true };

/** Creates a writer appending to segments in `options.dir`. */
export function createWalWriter(options: WalWriterOptions): WalWriter {
  const policy = options.sync ?? 'fsync';
  const segmentLimit = options.segmentBytes ?? 64 * 2 ** 20;
  const retryDelay = options.retryDelayMillis ?? 1000;
  const openFile =
    options.openFile ?? (async (path: string): Promise<WalFile> => open(path, 'a', 0o600));
  let nextSeq = options.nextSeq ?? 1;
  let pending: Pending[] = [];
  let ackedSeq = nextSeq - 1;
  let waiters: { seq: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  let flushing: Promise<void> | undefined;
  let file: WalFile | undefined;
  let current: KnownSegment | undefined;
  const written: KnownSegment[] = (options.existing ?? []).map((s) => ({ ...s }));
  // Bytes in the current segment, counted at append time (for size-based rotation).
  let segmentBytes = 0;
  let unsynced = false;
  let syncDue = false;
  let failure: Error | undefined;
  let failedAt = 0;
  let closed = false;

  const timer =
    policy === 'write'
      ? setInterval(() => {
          if (unsynced) {
            syncDue = true;
            kick();
          }
        }, options.syncIntervalMillis ?? 1000)
      : undefined;
  timer?.unref();

  function settle(): void {
    if (waiters.length === 0) return;
    const still: typeof waiters = [];
    for (const w of waiters) {
      if (w.seq <= ackedSeq) w.resolve();
      else still.push(w);
    }
    waiters = still;
  }

  function fail(error: unknown): void {
    failure = new Error(
      `write-ahead log ${options.dir}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
    failedAt = Date.now();
    pending = [];
    for (const w of waiters.splice(0)) w.reject(failure);
    const f = file;
    file = undefined;
    current = undefined;
    void f?.close().catch(() => undefined);
    try {
      options.onFailure?.(failure);
    } catch {
      // Reporting must not break the log.
    }
  }

  async function closeSegment(): Promise<void> {
    const f = file;
    if (f === undefined) return;
    if (unsynced) await f.datasync();
    unsynced = false;
    file = undefined;
    current = undefined;
    await f.close();
  }

  async function openSegment(firstSeq: number): Promise<void> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const path = join(options.dir, segmentName(firstSeq));
    file = await openFile(path);
    current = { path, firstSeq, lastSeq: firstSeq - 1 };
    written.push(current);
    if (policy === 'fsync') await syncDirectory(dirname(path));
  }

  async function flushLoop(): Promise<void> {
    while (failure === undefined && (pending.length > 0 || syncDue)) {
      const batch = pending;
      pending = [];
      const started = performance.now();
      let bytes = 0;
      let frames: Buffer[] = [];
      let firstSeq = 0;
      let last = 0;
      const writeFrames = async (): Promise<void> => {
        if (frames.length === 0) return;
        if (file === undefined) await openSegment(firstSeq);
        const data = frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames);
        await (file as WalFile).write(data);
        bytes += data.length;
        (current as KnownSegment).lastSeq = last;
        unsynced = true;
        frames = [];
      };
      for (const item of batch) {
        if ('rotate' in item) {
          await writeFrames();
          await closeSegment();
        } else {
          if (frames.length === 0) firstSeq = item.seq;
          frames.push(item.frame);
          last = item.seq;
        }
      }
      await writeFrames();
      const sync = file !== undefined && unsynced && (policy === 'fsync' || syncDue);
      syncDue = false;
      if (sync) {
        await (file as WalFile).datasync();
        unsynced = false;
      }
      if (last > 0) ackedSeq = last;
      options.onFlush?.(bytes, (performance.now() - started) / 1000, sync);
      settle();
    }
  }

  function kick(): void {
    if (flushing !== undefined || closed) return;
    flushing = flushLoop()
      .catch(fail)
      .finally(() => {
        flushing = undefined;
        if (failure === undefined && pending.length > 0) kick();
      });
  }

  return {
    get lastSeq() {
      return nextSeq - 1;
    },
    append(encode) {
      if (closed) throw new Error(`write-ahead log ${options.dir}: closed`);
      if (failure !== undefined) {
        if (Date.now() - failedAt < retryDelay) throw failure;
        failure = undefined; // the next flush opens a new segment
      }
      const seq = nextSeq++;
      const frame = encodeFrame(encode(seq));
      if (segmentBytes > 0 && segmentBytes + frame.length > segmentLimit) {
        pending.push({ rotate: true });
        segmentBytes = 0;
      }
      pending.push({ seq, frame });
      segmentBytes += frame.length;
      // Start writing now; records appended while a flush is in flight join the next one.
      kick();
      return seq;
    },
    flushed() {
      const target = nextSeq - 1;
      if (target <= ackedSeq) return Promise.resolve();
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise<void>((resolve, reject) => {
        waiters.push({ seq: target, resolve, reject });
        kick();
      });
    },
    rotate() {
      pending.push({ rotate: true });
      segmentBytes = 0;
      kick();
    },
    async truncate(coveredSeq) {
      // No need to wait for the flush loop: only the current segment is ever written, and
      // records after `coveredSeq` go to a segment opened after the checkpoint's rotation.
      let deleted = 0;
      for (const s of [...written]) {
        if (s === current || s.lastSeq > coveredSeq) continue;
        await rm(s.path, { force: true });
        written.splice(written.indexOf(s), 1);
        deleted++;
      }
      return deleted;
    },
    segments: () => written.map((s) => ({ ...s })),
    health: () => (failure === undefined ? { ok: true } : { ok: false, error: failure }),
    async close() {
      if (closed) return;
      if (pending.length > 0 && failure === undefined) kick();
      while (flushing !== undefined) await flushing;
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      if (failure === undefined) await closeSegment();
    },
  };
}
