/**
 * Keys of state that each replica sharing one store keeps for itself (SLO counters,
 * escalation states): `<key>@<replica>`, or the plain key for an unnamed replica, so a
 * single service's keys are the same with or without replicas.
 */

/** `key` scoped to `replica` (`service.replica`); `key` itself when there is none. */
export function replicaKey(key: string, replica: string | undefined): string {
  return replica === undefined ? key : `${key}@${replica}`;
}
