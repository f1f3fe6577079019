import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanFrames } from '../../src/wal/frame.js';
import { listSegments } from '../../src/wal/wal-segments.js';
import { createWalWriter } from '../../src/wal/wal-writer.js';
import type { WalFile } from '../../src/wal/wal-writer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wal-writer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A real file that counts syncs and can be told to fail its next write. */
function countingFiles() {
  const state = { syncs: 0, writes: 0, failNextWrite: false };
  const openFile = async (path: string): Promise<WalFile> => {
    const handle = await open(path, 'a');
    return {
      async write(data) {
        if (state.failNextWrite) {
          state.failNextWrite = false;
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
          });
        }
        state.writes++;
        return handle.write(data);
      },
      async datasync() {
        state.syncs++;
        await handle.datasync();
      },
      close: () => handle.close(),
    };
  };
  return { state, openFile };
}

const payload = (text: string) => (seq: number) => Buffer.from(`${seq}:${text}`);

describe('write-ahead log writer', () => {
  it('acknowledges concurrent appends with fewer syncs than records (group commit)', async () => {
    const { state, openFile } = countingFiles();
    const wal = createWalWriter({ dir, openFile });
    const acks: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) {
      wal.append(payload(`r${i}`));
      acks.push(wal.flushed());
    }
    await Promise.all(acks);
    expect(state.syncs).toBeGreaterThanOrEqual(1);
    expect(state.syncs).toBeLessThan(100);
    await wal.close();
    const [segment] = await listSegments(dir);
    const records = scanFrames(await readFile(segment?.path as string)).payloads;
    expect(records.map(String)).toEqual(Array.from({ length: 100 }, (_, i) => `${i + 1}:r${i}`));
  });

  it('fails the waiting requests when a write fails, reports unhealthy, and recovers', async () => {
    const { state, openFile } = countingFiles();
    const failures: Error[] = [];
    const wal = createWalWriter({
      dir,
      openFile,
      retryDelayMillis: 0,
      onFailure: (e) => failures.push(e),
    });
    wal.append(payload('kept'));
    await wal.flushed();
    state.failNextWrite = true;
    wal.append(payload('lost'));
    await expect(wal.flushed()).rejects.toThrow(/ENOSPC/);
    expect(wal.health()).toMatchObject({ ok: false });
    expect(failures).toHaveLength(1);
    // After the retry delay the next record opens a new segment.
    wal.append(payload('after'));
    await wal.flushed();
    expect(wal.health()).toEqual({ ok: true });
    await wal.close();
    const segments = await listSegments(dir);
    expect(segments.map((s) => s.firstSeq)).toEqual([1, 3]);
    const all = [];
    for (const s of segments) all.push(...scanFrames(await readFile(s.path)).payloads.map(String));
    expect(all).toEqual(['1:kept', '3:after']);
  });

  it('starts a new segment at a rotation and deletes the segments a checkpoint covers', async () => {
    const wal = createWalWriter({ dir });
    wal.append(payload('a'));
    wal.append(payload('b'));
    await wal.flushed();
    const covered = wal.lastSeq;
    wal.rotate();
    wal.append(payload('c'));
    await wal.flushed();
    expect((await listSegments(dir)).map((s) => s.firstSeq)).toEqual([1, 3]);
    expect(await wal.truncate(covered)).toBe(1);
    expect((await listSegments(dir)).map((s) => s.firstSeq)).toEqual([3]);
    await wal.close();
  });

  it('under the write policy acknowledges without waiting for a sync', async () => {
    const { state, openFile } = countingFiles();
    const wal = createWalWriter({ dir, openFile, sync: 'write', syncIntervalMillis: 60_000 });
    wal.append(payload('x'));
    await wal.flushed();
    expect(state.writes).toBe(1);
    expect(state.syncs).toBe(0);
    await wal.close(); // close syncs what was written
    expect(state.syncs).toBe(1);
  });
});
