/**
 * Refills the runtime's finding log from the store at start: the newest `capacity` findings
 * this replica recorded, in order, and the conditions it had firing (the latest finding of
 * each condition, when it is a firing, however old). Only the conditions of engines that
 * keep their firing state across a restart (`Engine.keepsFiringState`) fire again; those of
 * an engine that starts afresh, or no longer runs, are history: nothing would resolve them.
 */
import type { FindingStore } from '../store/finding-records.js';
import type { FindingLog } from './finding-log.js';
import { findingOfRecord } from './finding-writer.js';

/** Options of {@link restoreFindingLog}. */
export interface FindingRestoreOptions {
  /** This replica's name (`''` unnamed): only its own findings are restored. */
  replica: string;
  /** Findings the log holds (`engines.findings_limit`). */
  capacity: number;
  /**
   * The engines running now that keep their firing state across a restart; firing
   * conditions of others are not restored as firing.
   */
  engines: ReadonlySet<string>;
}

/** What was restored. */
export interface FindingRestoreResult {
  /** Recent findings put back. */
  recent: number;
  /** Conditions firing again. */
  firing: number;
}

/** Refills the empty `log` from `store` (see the module comment). Rejects when the store does. */
export async function restoreFindingLog(
  log: FindingLog,
  store: FindingStore,
  options: FindingRestoreOptions,
): Promise<FindingRestoreResult> {
  const newestFirst = await store.listFindings({
    replica: options.replica,
    limit: options.capacity,
  });
  const firing = (await store.listFiringFindings({ replica: options.replica })).filter((r) =>
    options.engines.has(r.engine),
  );
  log.restore(newestFirst.reverse().map(findingOfRecord), firing.map(findingOfRecord));
  return { recent: newestFirst.length, firing: firing.length };
}
