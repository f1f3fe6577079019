import type { DroppedMetric } from '../exporters/prometheus-translate.js';
import type { Clock } from '../series/types.js';
import type { ServiceLogger } from './logger.js';

/** Options of {@link createScrapeProblemLog}. */
export interface ScrapeProblemLogOptions {
  /** Where warnings go. */
  logger: ServiceLogger;
  /** Time source for the repeat interval. */
  clock: Clock;
  /**
   * How long a problem stays quiet after it was logged; it is logged again (with the number of
   * scrapes it recurred in meanwhile) when it is still there after this.
   * @default 3_600_000 (one hour)
   */
  repeatAfterMillis?: number;
  /**
   * Distinct problems remembered; past this the oldest is forgotten (and may be logged again).
   * @default 1000
   */
  maxRemembered?: number;
}

/**
 * Logs what a `/metrics` scrape left out, or why collection failed, once per distinct problem
 * and repeat interval: a type conflict or a delta metric recurs at every scrape, and a warning
 * per scrape would bury everything else in the log.
 */
export function createScrapeProblemLog(
  options: ScrapeProblemLogOptions,
): (problems: { dropped: readonly DroppedMetric[]; errors: readonly unknown[] }) => void {
  const { logger, clock } = options;
  const repeatAfterMillis = options.repeatAfterMillis ?? 3_600_000;
  const maxRemembered = options.maxRemembered ?? 1000;
  // Key → when it was last logged and how often it recurred since. Map order is insertion
  // order, so the first key is the one logged longest ago.
  const seen = new Map<string, { loggedAt: number; repeats: number }>();

  function shouldLog(key: string, now: number): number | undefined {
    const entry = seen.get(key);
    if (entry !== undefined && now - entry.loggedAt < repeatAfterMillis) {
      entry.repeats++;
      return undefined;
    }
    const repeats = entry?.repeats ?? 0;
    seen.delete(key);
    seen.set(key, { loggedAt: now, repeats: 0 });
    if (seen.size > maxRemembered) seen.delete(seen.keys().next().value as string);
    return repeats;
  }

  return ({ dropped, errors }) => {
    const now = clock.now();
    for (const d of dropped) {
      const repeats = shouldLog(`dropped\u0000${d.name}\u0000${d.reason}`, now);
      if (repeats === undefined) continue;
      const fields = repeats > 0 ? { ...d, repeatedScrapes: repeats } : { ...d };
      logger.warn('metric left out of /metrics', fields);
    }
    for (const error of errors) {
      const message = error instanceof Error ? error.message : String(error);
      const repeats = shouldLog(`error\u0000${message}`, now);
      if (repeats === undefined) continue;
      const fields = repeats > 0 ? { error, repeatedScrapes: repeats } : { error };
      logger.warn('metrics collection failed', fields);
    }
  };
}
