/**
 * Checkpoint files in the durability directory: `checkpoint-<covered seq, 16 digits>.ckpt`,
 * written as `checkpoint.tmp`, synced, then renamed, so a file with the final name is always
 * complete. The newest one is read at start; older ones are deleted once a newer one exists.
 */
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listNumberedFiles, syncDirectory } from './numbered-files.js';

const CHECKPOINT_NAME = /^checkpoint-(\d{16})\.ckpt$/;
/** Name of the file being written. */
export const CHECKPOINT_TEMP_NAME = 'checkpoint.tmp';

/** A complete checkpoint file. */
export interface CheckpointFile {
  path: string;
  /** The last write-ahead log sequence number it covers. */
  coveredSeq: number;
}

/** File name of the checkpoint covering the log up to `coveredSeq`. */
export function checkpointName(coveredSeq: number): string {
  return `checkpoint-${String(coveredSeq).padStart(16, '0')}.ckpt`;
}

/** Complete checkpoints in `dir`, newest first; none when the directory does not exist. */
export async function listCheckpoints(dir: string): Promise<CheckpointFile[]> {
  const files = await listNumberedFiles(dir, CHECKPOINT_NAME);
  return files
    .map((f) => ({ path: f.path, coveredSeq: f.seq }))
    .sort((a, b) => b.coveredSeq - a.coveredSeq);
}

/** The file operations of a checkpoint write (a seam for fault injection in tests). */
export interface CheckpointSink {
  write(data: Buffer): Promise<unknown>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Opens `dir/checkpoint.tmp` for writing, truncating it. */
export async function openCheckpointSink(dir: string): Promise<CheckpointSink> {
  return open(join(dir, CHECKPOINT_TEMP_NAME), 'w', 0o600);
}

/** Renames the written temp file to its final name, syncs the directory, deletes older ones. */
export async function commitCheckpoint(dir: string, coveredSeq: number): Promise<string> {
  const path = join(dir, checkpointName(coveredSeq));
  await rename(join(dir, CHECKPOINT_TEMP_NAME), path);
  await syncDirectory(dir);
  for (const old of await listCheckpoints(dir)) {
    if (old.path !== path) await rm(old.path, { force: true });
  }
  return path;
}
