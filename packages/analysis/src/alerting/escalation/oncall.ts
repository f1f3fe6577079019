/**
 * On-call rotations, resolved at the time a notification is made: layers of people taking
 * turns (each `shift` long, hand-off at `start` + k·shift), a later layer taking precedence
 * over an earlier one while it has someone on call (a weekend layer over the weekday one),
 * and overrides (a person on call from `start` to `end`) above all layers.
 */

/** A person who can be on call. */
export interface OnCallUser {
  name: string;
  /** Where email channels reach them. */
  email?: string;
  /** Slack member id, mentioned by Slack channels. */
  slack?: string;
}

/** One layer of a rotation. */
export interface RotationLayer {
  /** Taking turns in this order. */
  users: readonly string[];
  /** First hand-off, ms since the epoch. */
  startMillis: number;
  /** Length of one turn, ms. */
  shiftMillis: number;
  /** When the layer stops, ms; undefined: never. */
  endMillis?: number;
}

/** An override: `user` on call in `[startMillis, endMillis)`. */
export interface RotationOverride {
  user: string;
  startMillis: number;
  endMillis: number;
}

/** A rotation (`alerting.oncall.rotations.<id>`). */
export interface OnCallRotation {
  id: string;
  layers: readonly RotationLayer[];
  /** @default [] */
  overrides: readonly RotationOverride[];
}

/** Who is on call in `rotation` at `atMillis`, or undefined when nobody is. */
export function onCallAt(rotation: OnCallRotation, atMillis: number): string | undefined {
  for (const o of rotation.overrides) {
    if (o.startMillis <= atMillis && atMillis < o.endMillis) return o.user;
  }
  for (let i = rotation.layers.length - 1; i >= 0; i--) {
    const layer = rotation.layers[i] as RotationLayer;
    if (layer.users.length === 0 || atMillis < layer.startMillis) continue;
    if (layer.endMillis !== undefined && atMillis >= layer.endMillis) continue;
    const turn = Math.floor((atMillis - layer.startMillis) / layer.shiftMillis);
    return layer.users[turn % layer.users.length];
  }
  return undefined;
}
