/**
 * Escalation policies, as on-call tools run them: ordered levels, each notifying its channels
 * `after` the escalation started; after the last level the ladder starts again every
 * `repeat_interval`, at most `repeat` more times. An acknowledgement stops the escalation;
 * with `ack_timeout`, an alert still firing that long after its acknowledgement starts
 * escalating again from the first level. Pure: state in, time in, what is due out.
 */

/** One level of a policy. */
export interface EscalationLevel {
  /** Delay after the start of a cycle, ms. */
  afterMillis: number;
  /** Channels notified at this level. */
  channels: readonly string[];
  /** On-call rotation whose person on call at send time is the level's recipient. */
  oncall?: string;
}

/** An escalation policy (`alerting.escalation_policies.<id>`). */
export interface EscalationPolicy {
  id: string;
  /** At least one, ordered by `afterMillis`. */
  levels: readonly EscalationLevel[];
  /** Further cycles after the first. @default 0 */
  repeat: number;
  /** Time between cycle starts, ms; longer than the last level's delay. @default 30 min */
  repeatIntervalMillis: number;
  /** An acknowledgement older than this re-triggers escalation, ms; undefined: never. */
  ackTimeoutMillis: number | undefined;
}

/** Where one alert's escalation stands (persisted, JSON). */
export interface EscalationState {
  fingerprint: string;
  policy: string;
  /** Start of the current escalation (cycle 0), ms. */
  startedAtMillis: number;
  /** Next level to notify within the current cycle. */
  nextLevel: number;
  /** Current cycle, 0 for the first. */
  cycle: number;
  /** When the alert was acknowledged; undefined while not. */
  acknowledgedAtMillis?: number;
}

/** Levels due now and the state after them. */
export interface EscalationStep {
  due: { level: number; cycle: number; channels: readonly string[]; oncall?: string }[];
  state: EscalationState;
  /** True when no level is left (the last cycle's last level was notified). */
  finished: boolean;
}

/** Steps an escalation to `atMillis`. */
export function stepEscalation(
  policy: EscalationPolicy,
  current: EscalationState,
  atMillis: number,
): EscalationStep {
  let state = { ...current };
  if (state.acknowledgedAtMillis !== undefined) {
    if (
      policy.ackTimeoutMillis === undefined ||
      atMillis < state.acknowledgedAtMillis + policy.ackTimeoutMillis
    ) {
      return { due: [], state, finished: false };
    }
    // Acknowledged but not fixed in time: start again from the first level.
    state = {
      fingerprint: state.fingerprint,
      policy: state.policy,
      startedAtMillis: state.acknowledgedAtMillis + policy.ackTimeoutMillis,
      nextLevel: 0,
      cycle: 0,
    };
  }
  const due: EscalationStep['due'] = [];
  for (;;) {
    if (state.cycle > policy.repeat) return { due, state, finished: true };
    const level = policy.levels[state.nextLevel];
    if (level === undefined) {
      state = { ...state, cycle: state.cycle + 1, nextLevel: 0 };
      continue;
    }
    const dueAt =
      state.startedAtMillis + state.cycle * policy.repeatIntervalMillis + level.afterMillis;
    if (dueAt > atMillis) return { due, state, finished: false };
    due.push({
      level: state.nextLevel,
      cycle: state.cycle,
      channels: level.channels,
      ...(level.oncall === undefined ? {} : { oncall: level.oncall }),
    });
    state = { ...state, nextLevel: state.nextLevel + 1 };
  }
}
