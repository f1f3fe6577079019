/**
 * Runs the escalations of the active alerts: an alert whose route names an escalation policy
 * starts one when it begins firing; each tick notifies the levels that came due (one
 * notification per channel, for that alert alone); a resolution ends it, an acknowledgement
 * pauses it (see `escalation-policy.ts`). The states are saved as the checkpoint
 * `alerting.escalations` after each change, so a restart continues each escalation where it
 * stood.
 */
import { randomUUID } from 'node:crypto';
import { replicaKey } from '../../store/replica-key.js';
import type { CheckpointStore } from '../../store/types.js';
import { matchRoutes } from '../dispatch/route.js';
import type { Route } from '../dispatch/route.js';
import type { Alert, Notification } from '../types.js';
import { stepEscalation } from './escalation-policy.js';
import { onCallAt } from './oncall.js';
import type { OnCallRotation, OnCallUser } from './oncall.js';
import type { EscalationPolicy, EscalationState } from './escalation-policy.js';

/** Checkpoint key of the escalation states. */
export const ESCALATION_CHECKPOINT = 'alerting.escalations';

/** Options of {@link createEscalator}. */
export interface EscalatorOptions {
  policies: Readonly<Record<string, EscalationPolicy>>;
  /** On-call rotations and their people, for levels with `oncall`. @default none */
  onCall?: {
    users: Readonly<Record<string, OnCallUser>>;
    rotations: Readonly<Record<string, OnCallRotation>>;
  };
  route: Route;
  store?: Pick<CheckpointStore, 'getCheckpoint' | 'putCheckpoint'>;
  /**
   * This replica's name when several share one store: its states are saved under
   * `alerting.escalations@<replica>`. @default none (key: `alerting.escalations`)
   */
  replica?: string;
  /** @default randomUUID */
  newId?: () => string;
}

/** The escalations of the active alerts. */
export interface Escalator {
  /** Loads the saved states of the alerts still active. */
  load(active: ReadonlySet<string>): Promise<void>;
  /** An alert began firing. */
  started(alert: Alert, atMillis: number): void;
  /** An alert resolved. */
  resolved(fingerprint: string): void;
  /** An alert was acknowledged. */
  acknowledged(fingerprint: string, atMillis: number): void;
  /** Notifications of the levels due at `atMillis` (muted alerts skip theirs). */
  tick(
    atMillis: number,
    alertOf: (fp: string) => Alert | undefined,
    muted: (a: Alert) => boolean,
  ): Notification[];
  /** Saves the states when they changed. */
  save(): Promise<void>;
  /** The current states. */
  states(): EscalationState[];
}

/** Creates an escalator. */
export function createEscalator(options: EscalatorOptions): Escalator {
  const newId = options.newId ?? randomUUID;
  const states = new Map<string, EscalationState>();
  const checkpointKey = replicaKey(ESCALATION_CHECKPOINT, options.replica);
  let dirty = false;
  const policyOf = (alert: Alert): EscalationPolicy | undefined => {
    for (const route of matchRoutes(options.route, alert.labels)) {
      const policy =
        route.escalation === undefined ? undefined : options.policies[route.escalation];
      if (policy) return policy;
    }
    return undefined;
  };
  return {
    async load(active) {
      const saved = await options.store?.getCheckpoint(checkpointKey);
      const list = (saved?.data as { states?: EscalationState[] } | undefined)?.states ?? [];
      for (const s of list) {
        if (active.has(s.fingerprint) && options.policies[s.policy]) states.set(s.fingerprint, s);
      }
    },
    started(alert, atMillis) {
      if (states.has(alert.fingerprint)) return;
      const policy = policyOf(alert);
      if (!policy) return;
      states.set(alert.fingerprint, {
        fingerprint: alert.fingerprint,
        policy: policy.id,
        startedAtMillis: atMillis,
        nextLevel: 0,
        cycle: 0,
      });
      dirty = true;
    },
    resolved(fp) {
      if (states.delete(fp)) dirty = true;
    },
    acknowledged(fp, atMillis) {
      const s = states.get(fp);
      if (!s) return;
      states.set(fp, { ...s, acknowledgedAtMillis: atMillis });
      dirty = true;
    },
    tick(atMillis, alertOf, muted) {
      const out: Notification[] = [];
      for (const [fp, state] of states) {
        const policy = options.policies[state.policy];
        const alert = alertOf(fp);
        if (!policy || !alert) {
          states.delete(fp);
          dirty = true;
          continue;
        }
        const step = stepEscalation(policy, state, atMillis);
        if (JSON.stringify(step.state) !== JSON.stringify(state)) {
          states.set(fp, step.state);
          dirty = true;
        }
        if (muted(alert)) continue;
        for (const level of step.due) {
          const rotation =
            level.oncall === undefined ? undefined : options.onCall?.rotations[level.oncall];
          const person = rotation === undefined ? undefined : onCallAt(rotation, atMillis);
          const recipient =
            person === undefined ? undefined : (options.onCall?.users[person] ?? { name: person });
          for (const channel of level.channels) {
            out.push({
              id: newId(),
              channel,
              groupKey: `escalation:${policy.id}:${fp}:${level.cycle}:${level.level}`,
              groupLabels: {
                ...alert.labels,
                escalation_level: String(level.level + 1),
                ...(recipient === undefined ? {} : { oncall: recipient.name }),
              },
              status: 'firing',
              alerts: [alert],
              createdAtMillis: atMillis,
              ...(recipient === undefined ? {} : { recipients: [recipient] }),
            });
          }
        }
      }
      return out;
    },
    async save() {
      if (!dirty || !options.store) return;
      dirty = false;
      await options.store.putCheckpoint({
        key: checkpointKey,
        version: 1,
        data: { states: [...states.values()] },
      });
    },
    states: () => [...states.values()],
  };
}
