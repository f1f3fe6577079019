import type { SignalRates } from '../api/types.js';
import type { Signal } from '../otlp/model.js';
import { createRateWindow } from './rate-window.js';
import type { RateWindow } from './rate-window.js';

const SIGNALS: readonly Signal[] = ['metrics', 'traces', 'logs'];

/** Ingest counters since start and per-second rates over a sliding window. */
export interface IngestStats {
  /** Records one processed request. */
  recordProcessed(signal: Signal, acceptedPoints: number, rejectedPoints: number): void;
  /** Rates per signal over the window ending now. */
  rates(): Record<Signal, SignalRates>;
  /** Totals since start. */
  totals(): {
    requests: number;
    acceptedPoints: number;
    rejectedPoints: number;
    logRecords: number;
  };
  /** The window length in seconds. */
  readonly windowSeconds: number;
}

interface SignalWindows {
  requests: RateWindow;
  accepted: RateWindow;
  rejected: RateWindow;
}

/**
 * Creates the ingest statistics shown by `/api/v1/status`. `nowMillis` is the service clock;
 * rates of a service younger than the window are averaged over its age.
 */
export function createIngestStats(nowMillis: () => number, windowSeconds = 60): IngestStats {
  const startedAt = nowMillis();
  const windows = {} as Record<Signal, SignalWindows>;
  for (const s of SIGNALS) {
    windows[s] = {
      requests: createRateWindow(windowSeconds),
      accepted: createRateWindow(windowSeconds),
      rejected: createRateWindow(windowSeconds),
    };
  }
  const totals = { requests: 0, acceptedPoints: 0, rejectedPoints: 0, logRecords: 0 };
  return {
    windowSeconds,
    recordProcessed(signal, accepted, rejected) {
      const now = nowMillis();
      const w = windows[signal];
      w.requests.add(now, 1);
      w.accepted.add(now, accepted);
      w.rejected.add(now, rejected);
      totals.requests += 1;
      totals.acceptedPoints += accepted;
      totals.rejectedPoints += rejected;
      if (signal === 'logs') totals.logRecords += accepted + rejected;
    },
    rates() {
      const now = nowMillis();
      const out = {} as Record<Signal, SignalRates>;
      for (const s of SIGNALS) {
        const w = windows[s];
        out[s] = {
          requestsPerSecond: w.requests.perSecond(now, startedAt),
          acceptedPerSecond: w.accepted.perSecond(now, startedAt),
          rejectedPerSecond: w.rejected.perSecond(now, startedAt),
        };
      }
      return out;
    },
    totals: () => ({ ...totals }),
  };
}
