/**
 * The runtime's record of findings: the most recent ones (bounded, oldest dropped first) and
 * which conditions are firing now. Every finding is logged as it arrives: firings at `warn`
 * (`error` for severities `error` and `critical`), resolutions at `info`.
 */
import type { EngineLogger } from './engine.js';
import { FINDING_SEVERITIES, findingIdentity } from './findings.js';
import type { Finding, FindingState } from './findings.js';

/** Default number of recent findings kept. */
export const DEFAULT_FINDING_LOG_CAPACITY = 1000;

/** Filters of {@link FindingLog.list}. */
export interface FindingQuery {
  /** Only findings of this engine. */
  engine?: string;
  /** Only firing or only resolved findings. */
  state?: FindingState;
  /**
   * At most this many (the newest).
   * @default 100
   */
  limit?: number;
}

/** Options of {@link createFindingLog}. */
export interface FindingLogOptions {
  /**
   * Recent findings kept, across engines.
   * @default 1000
   */
  capacity?: number;
  /** @default silent */
  logger?: EngineLogger;
  /** Told of every accepted finding (self-telemetry). */
  onFinding?: (finding: Finding) => void;
}

/** Recent findings and the firing set. */
export interface FindingLog {
  /**
   * Records a finding. A finding that is not well-formed (no engine, kind or summary, an
   * unknown severity or state, a non-finite start) is refused with the reason, not kept.
   */
  record(finding: Finding): { ok: true } | { ok: false; error: string };
  /** Recent findings matching `query`, newest first. */
  list(query?: FindingQuery): Finding[];
  /** Conditions firing now (their latest finding is a firing), oldest start first. */
  firing(engine?: string): Finding[];
  /**
   * Findings recorded since creation, findings put back by {@link FindingLog.restore}, and how
   * many of either the log no longer holds.
   */
  counts(): { recorded: number; restored: number; evicted: number };
  /**
   * Refills an empty log after a restart: `recent` (oldest first; only the newest `capacity`
   * are kept) become the recent findings, `firing` the conditions firing now. Nothing is
   * logged or passed to `onFinding`: these were recorded before. Findings recorded after it
   * come after them. Throws when the log already holds findings.
   */
  restore(recent: readonly Finding[], firing: readonly Finding[]): void;
}

/** Creates an empty finding log. */
export function createFindingLog(options: FindingLogOptions = {}): FindingLog {
  const capacity = options.capacity ?? DEFAULT_FINDING_LOG_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`finding log: capacity must be a positive integer, got ${capacity}`);
  }
  const ring: (Finding | undefined)[] = new Array<Finding | undefined>(capacity);
  // Findings written into the ring (restored ones included) and recorded since creation.
  let written = 0;
  let recorded = 0;
  const firing = new Map<string, Finding>();
  const copy = (f: Finding): Finding => ({ ...f, labels: { ...f.labels } });

  return {
    record(finding) {
      const problem = findingProblem(finding);
      if (problem !== undefined) {
        options.logger?.warn('finding refused', {
          engine: finding.engine,
          kind: finding.kind,
          reason: problem,
        });
        return { ok: false, error: problem };
      }
      const kept = copy(finding);
      ring[written % capacity] = kept;
      written++;
      recorded++;
      const identity = findingIdentity(kept);
      if (kept.state === 'firing') firing.set(identity, kept);
      else firing.delete(identity);
      log(options.logger, kept);
      options.onFinding?.(kept);
      return { ok: true };
    },
    list(query = {}) {
      const limit = query.limit ?? 100;
      const out: Finding[] = [];
      const held = Math.min(written, capacity);
      for (let i = 1; i <= held && out.length < limit; i++) {
        const f = ring[(written - i) % capacity] as Finding;
        if (query.engine !== undefined && f.engine !== query.engine) continue;
        if (query.state !== undefined && f.state !== query.state) continue;
        out.push(f);
      }
      return out;
    },
    firing(engine) {
      return [...firing.values()]
        .filter((f) => engine === undefined || f.engine === engine)
        .sort((a, b) => a.startsAtMillis - b.startsAtMillis);
    },
    counts() {
      return { recorded, restored: written - recorded, evicted: Math.max(0, written - capacity) };
    },
    restore(recent, firingNow) {
      if (written > 0 || firing.size > 0) {
        throw new Error('finding log: restore() needs an empty log');
      }
      for (const f of recent.slice(-capacity)) ring[written++ % capacity] = copy(f);
      for (const f of firingNow) firing.set(findingIdentity(f), copy(f));
    },
  };
}

/** Why a finding cannot be kept, or undefined when it can. */
function findingProblem(f: Finding): string | undefined {
  if (typeof f.engine !== 'string' || f.engine === '') return 'engine: must be a non-empty string';
  if (typeof f.kind !== 'string' || f.kind === '') return 'kind: must be a non-empty string';
  if (!FINDING_SEVERITIES.includes(f.severity)) {
    return `severity: must be one of ${FINDING_SEVERITIES.join(', ')}, got ${String(f.severity)}`;
  }
  if (f.state !== 'firing' && f.state !== 'resolved') {
    return `state: must be firing or resolved, got ${String(f.state)}`;
  }
  if (typeof f.summary !== 'string' || f.summary === '')
    return 'summary: must be a non-empty string';
  if (!Number.isFinite(f.startsAtMillis)) return 'startsAtMillis: must be a finite time';
  if (typeof f.labels !== 'object' || f.labels === null) return 'labels: must be an object';
  return undefined;
}

function log(logger: EngineLogger | undefined, f: Finding): void {
  if (!logger) return;
  const fields: Record<string, unknown> = {
    engine: f.engine,
    kind: f.kind,
    severity: f.severity,
    labels: f.labels,
    summary: f.summary,
  };
  if (f.value !== undefined) fields.value = f.value;
  if (f.threshold !== undefined) fields.threshold = f.threshold;
  if (f.state === 'resolved') {
    logger.info('finding resolved', fields);
  } else if (f.severity === 'error' || f.severity === 'critical') {
    logger.error('finding firing', fields);
  } else if (f.severity === 'warning') {
    logger.warn('finding firing', fields);
  } else {
    logger.info('finding firing', fields);
  }
}
