/**
 * Silences: matchers and a time range; an alert whose labels every matcher matches is not
 * notified while the silence is active (`startsAt <= now < endsAt`).
 */
import type { SilenceRecord } from '../../store/alert-records.js';
import type { LabelSet } from '../labels.js';
import { matchesAll } from '../matchers.js';

/** A silence (the store's record). */
export type Silence = SilenceRecord;

/** The silences known, and which of them mute an alert. */
export interface Silencer {
  /** Adds or replaces a silence (by id). */
  put(silence: Silence): void;
  /** Ends a silence at `atMillis` (if it would end later). Returns whether it was known. */
  expire(id: string, atMillis: number): boolean;
  /** Ids of the silences active at `atMillis` that match `labels`. */
  mutedBy(labels: LabelSet, atMillis: number): string[];
  /** Every silence, by start. */
  list(): Silence[];
}

/** Whether a silence is active at `atMillis`. */
export function silenceActive(s: Pick<Silence, 'startsAt' | 'endsAt'>, atMillis: number): boolean {
  return s.startsAt <= atMillis && atMillis < s.endsAt;
}

/** Creates an empty silencer. */
export function createSilencer(): Silencer {
  const silences = new Map<string, Silence>();
  return {
    put(silence) {
      silences.set(silence.id, silence);
    },
    expire(id, atMillis) {
      const s = silences.get(id);
      if (s === undefined) return false;
      if (s.endsAt > atMillis) silences.set(id, { ...s, endsAt: atMillis });
      return true;
    },
    mutedBy(labels, atMillis) {
      const out: string[] = [];
      for (const s of silences.values()) {
        if (silenceActive(s, atMillis) && matchesAll(s.matchers, labels)) out.push(s.id);
      }
      return out;
    },
    list() {
      return [...silences.values()].sort((a, b) => a.startsAt - b.startsAt);
    },
  };
}
