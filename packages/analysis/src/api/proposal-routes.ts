/**
 * The review routes:
 * - `GET /api/v1/proposals?status=&kind=&limit=`: proposals, newest first;
 * - `GET /api/v1/proposals/<id>`;
 * - `POST /api/v1/proposals/<id>/approve` and `/reject`, body `{"note": "...", "by": "..."}`:
 *   the decision is recorded under the token's name (`by` is used only when the API has no
 *   tokens); 409 when the proposal is no longer pending;
 * - `GET /api/v1/audit?subject=&action=&limit=`: the audit log, newest first.
 */
import type { Approvals } from '../approvals/approvals.js';
import type { ApiPrincipal } from '../auth/api-tokens.js';
import type { ProposalStatus } from '../store/approval-records.js';
import { integerParam, onlyParams, stringParam } from './query.js';
import { errorReply, jsonReply, MAX_LIMIT, DEFAULT_LIMIT } from './routes.js';
import type { Reply } from './routes.js';

const ONE = /^\/api\/v1\/proposals\/([^/]+)$/;
const DECIDE = /^\/api\/v1\/proposals\/([^/]+)\/(approve|reject)$/;
const STATUSES: readonly ProposalStatus[] = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'superseded',
];

/** Largest request body the review routes read, in bytes. */
export const MAX_PROPOSAL_BODY_BYTES = 16 * 1024;

/** Whether a path belongs to the review routes. */
export function isProposalPath(path: string): boolean {
  return /^\/api\/v1\/(proposals|audit)(\/|$)/.test(path);
}

function decode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function readDecisionBody(
  body: string,
): { ok: true; note?: string; by?: string } | { ok: false; error: string } {
  if (body.trim() === '') return { ok: true };
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (error) {
    return { ok: false, error: `body: not valid JSON (${(error as Error).message})` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, error: 'body: must be a JSON object {"note": ..., "by": ...}' };
  }
  const { note, by, ...rest } = doc as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) return { ok: false, error: `body.${unknown}: unknown field` };
  if (note !== undefined && (typeof note !== 'string' || note.length > 4000)) {
    return { ok: false, error: 'body.note: must be a string of at most 4000 characters' };
  }
  if (by !== undefined && (typeof by !== 'string' || by.trim() === '' || by.length > 200)) {
    return { ok: false, error: 'body.by: must be a non-empty string of at most 200 characters' };
  }
  return { ok: true, ...(note === undefined ? {} : { note }), ...(by === undefined ? {} : { by }) };
}

/**
 * Answers a review request; `principal` is who presented the token (undefined when the API
 * has no tokens). 404 when the service keeps no proposals (no store).
 */
export async function routeProposals(
  method: string,
  url: URL,
  body: string,
  approvals: Approvals | undefined,
  principal: ApiPrincipal | undefined,
): Promise<Reply> {
  const path = url.pathname;
  const params = url.searchParams;
  if (!approvals) return errorReply(404, `${path}: proposals are not available on this server`);
  const read = method === 'GET' || method === 'HEAD';
  if (path === '/api/v1/proposals' && read) {
    const bad = onlyParams(params, ['status', 'kind', 'limit']);
    if (!bad.ok) return errorReply(400, bad.error);
    const status = stringParam(params, 'status');
    if (!status.ok) return errorReply(400, status.error);
    if (status.value !== undefined && !STATUSES.includes(status.value as ProposalStatus)) {
      return errorReply(
        400,
        `status: must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(status.value)}`,
      );
    }
    const kind = stringParam(params, 'kind');
    if (!kind.ok) return errorReply(400, kind.error);
    const limit = integerParam(params, 'limit', { min: 1, max: MAX_LIMIT, default: DEFAULT_LIMIT });
    if (!limit.ok) return errorReply(400, limit.error);
    const proposals = await approvals.list({
      ...(status.value === undefined ? {} : { status: status.value as ProposalStatus }),
      ...(kind.value === undefined ? {} : { kind: kind.value }),
      limit: limit.value,
    });
    return jsonReply(200, { returned: proposals.length, proposals });
  }
  if (path === '/api/v1/audit' && read) {
    const bad = onlyParams(params, ['subject', 'action', 'limit']);
    if (!bad.ok) return errorReply(400, bad.error);
    const subject = stringParam(params, 'subject');
    if (!subject.ok) return errorReply(400, subject.error);
    const action = stringParam(params, 'action');
    if (!action.ok) return errorReply(400, action.error);
    const limit = integerParam(params, 'limit', { min: 1, max: MAX_LIMIT, default: DEFAULT_LIMIT });
    if (!limit.ok) return errorReply(400, limit.error);
    const entries = await approvals.audit({
      ...(subject.value === undefined ? {} : { subject: subject.value }),
      ...(action.value === undefined ? {} : { action: action.value }),
      limit: limit.value,
    });
    return jsonReply(200, { returned: entries.length, entries });
  }
  const one = ONE.exec(path);
  if (one?.[1] !== undefined && read) {
    const id = decode(one[1]);
    if (id === undefined)
      return errorReply(400, `proposal id: invalid percent-encoding in ${JSON.stringify(one[1])}`);
    const proposal = await approvals.get(id);
    return proposal ? jsonReply(200, proposal) : errorReply(404, `proposal '${id}' does not exist`);
  }
  const decide = DECIDE.exec(path);
  if (decide?.[1] !== undefined && method === 'POST') {
    const id = decode(decide[1]);
    if (id === undefined)
      return errorReply(
        400,
        `proposal id: invalid percent-encoding in ${JSON.stringify(decide[1])}`,
      );
    const parsed = readDecisionBody(body);
    if (!parsed.ok) return errorReply(400, parsed.error);
    // With tokens, the decision is the token holder's; `by` names someone only on an open API.
    const by = principal?.name ?? parsed.by ?? 'api';
    const r = await approvals.decide(
      id,
      decide[2] === 'approve' ? 'approve' : 'reject',
      by,
      parsed.note,
    );
    if (!r.ok) return errorReply(r.error.reason === 'not-found' ? 404 : 409, r.error.detail);
    return jsonReply(r.value.applied === false ? 500 : 200, r.value);
  }
  return errorReply(
    read ? 404 : 405,
    `${method} ${path}: not served; see GET /api/v1/proposals, GET /api/v1/proposals/<id>, POST /api/v1/proposals/<id>/approve|reject, GET /api/v1/audit`,
  );
}
