/**
 * The service's {@link BaselineApi}: current baselines, versions, diffs, rollbacks and drift
 * events, straight from the store (the baselines engine notices a rollback by the changed
 * baseline).
 */
import type { BaselineApi } from '../api/baseline-routes.js';
import { diffBaselines } from '../engines/baselines/version-diff.js';
import { err, ok } from '../result.js';
import type { BaselineStore } from '../store/types.js';

const DAY_MILLIS = 86_400_000;

/** Creates the baseline API over `store`. */
export function createBaselineApi(store: BaselineStore, nowMillis: () => number): BaselineApi {
  return {
    list: (query) => store.listBaselines(query),
    versions: () => store.listBaselineVersions(),
    version: (id) => store.getBaselineVersion(id),
    createVersion: (name, notes) => store.createBaselineVersion({ name, notes }),
    async rollback(id) {
      const r = await store.rollbackBaselineVersion(id);
      return r.ok ? ok(r.value) : err(r.error.message);
    },
    async diff(fromId, toId) {
      const from = await store.getBaselineVersion(fromId);
      if (!from) return err(`baseline version '${fromId}' does not exist`);
      let to = undefined;
      if (toId !== undefined) {
        const snapshot = await store.getBaselineVersion(toId);
        if (!snapshot) return err(`baseline version '${toId}' does not exist`);
        to = snapshot.baselines;
      }
      return ok(diffBaselines(from.baselines, to ?? (await store.listBaselines())));
    },
    drift: ({ days, metric }) =>
      store.listDriftEvents({
        since: nowMillis() - days * DAY_MILLIS,
        ...(metric === undefined ? {} : { metric }),
      }),
  };
}
