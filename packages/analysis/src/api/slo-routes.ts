/**
 * `GET /api/v1/slos` (every SLO with its groups' current status) and
 * `GET /api/v1/slos/{id}` (an SLO by id with its groups, or one group by group id with its
 * stored history; `since` in ms since the epoch and `limit` bound the history).
 */
import { integerParam, onlyParams } from './query.js';
import { errorReply, jsonReply } from './routes.js';
import type { Reply } from './routes.js';
import type { ApiBackend } from './types.js';

const SLO_PATH = /^\/api\/v1\/slos\/([^/]+)$/;

/** Answers the SLO routes; undefined for other paths. */
export async function routeSlos(
  path: string,
  params: URLSearchParams,
  backend: ApiBackend,
): Promise<Reply | undefined> {
  if (path === '/api/v1/slos') {
    const bad = onlyParams(params, []);
    if (!bad.ok) return errorReply(400, bad.error);
    const slos = backend.listSlos();
    if (slos === undefined)
      return errorReply(
        404,
        'no SLO engine runs in this service (slo.builtin is false and no objectives are defined)',
      );
    return jsonReply(200, { slos });
  }
  const match = SLO_PATH.exec(path);
  if (match?.[1] === undefined) return undefined;
  const bad = onlyParams(params, ['since', 'limit']);
  if (!bad.ok) return errorReply(400, bad.error);
  const since = integerParam(params, 'since', { min: 0, max: 8.64e15, default: 0 });
  if (!since.ok) return errorReply(400, since.error);
  const limit = integerParam(params, 'limit', { min: 1, max: 10_000, default: 288 });
  if (!limit.ok) return errorReply(400, limit.error);
  let id: string;
  try {
    id = decodeURIComponent(match[1]);
  } catch {
    return errorReply(400, `SLO id: invalid percent-encoding in ${JSON.stringify(match[1])}`);
  }
  const found = await backend.getSlo(id, { since: since.value || undefined, limit: limit.value });
  if (found === undefined) {
    return errorReply(
      404,
      `SLO ${JSON.stringify(id)}: not found; GET /api/v1/slos lists SLO and group ids`,
    );
  }
  return jsonReply(200, found);
}
