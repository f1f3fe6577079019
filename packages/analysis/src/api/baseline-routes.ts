/**
 * `/api/v1/baselines`: current baselines, versions (list, one, diff) and drift events as
 * GET; creating a version and rolling back to one as POST.
 *
 * | method | path | body / query | answer |
 * | --- | --- | --- | --- |
 * | GET | `/api/v1/baselines` | `?metric=` | current baselines |
 * | GET | `/api/v1/baselines/versions` | | versions, newest first |
 * | POST | `/api/v1/baselines/versions` | `{"name": "v1.0", "notes": "..."}` | 201, the version |
 * | GET | `/api/v1/baselines/versions/<id>` | | the version with its baselines |
 * | GET | `/api/v1/baselines/versions/<id>/diff` | `?to=<id>` (default: current) | per-key changes |
 * | POST | `/api/v1/baselines/versions/<id>/rollback` | | the restored baselines |
 * | GET | `/api/v1/baselines/drift` | `?days=7`, `?metric=` | drift events, newest first |
 */
import type { Result } from '../result.js';
import type {
  BaselineRecord,
  BaselineVersionRecord,
  BaselineVersionSnapshot,
  DriftEventRecord,
} from '../store/baseline-records.js';
import type { BaselineDiffEntry } from '../engines/baselines/version-diff.js';
import { integerParam, onlyParams, stringParam } from './query.js';
import { errorReply, jsonReply } from './routes.js';
import type { Reply } from './routes.js';

/** What the baseline routes need from the service. */
export interface BaselineApi {
  list(query: { metric?: string }): Promise<BaselineRecord[]>;
  versions(): Promise<BaselineVersionRecord[]>;
  version(id: string): Promise<BaselineVersionSnapshot | undefined>;
  createVersion(name: string, notes: string): Promise<BaselineVersionRecord>;
  rollback(id: string): Promise<Result<BaselineRecord[], string>>;
  diff(fromId: string, toId?: string): Promise<Result<BaselineDiffEntry[], string>>;
  drift(query: { days: number; metric?: string }): Promise<DriftEventRecord[]>;
}

/** Largest accepted POST body, in bytes. */
export const MAX_BASELINE_BODY_BYTES = 64 * 1024;

const VERSION_PATH = /^\/api\/v1\/baselines\/versions\/([^/]+)(\/diff|\/rollback)?$/;

/** Whether `path` belongs to these routes. */
export function isBaselinePath(path: string): boolean {
  return path === '/api/v1/baselines' || path.startsWith('/api/v1/baselines/');
}

function decodeId(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function parseBody(body: string): Result<{ name: string; notes: string }, string> {
  let doc: unknown;
  try {
    doc = body.trim() === '' ? {} : JSON.parse(body);
  } catch (error) {
    return { ok: false, error: `body: not valid JSON (${(error as Error).message})` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, error: 'body: must be a JSON object {"name": ..., "notes": ...}' };
  }
  const { name, notes, ...rest } = doc as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) return { ok: false, error: `body.${unknown}: unknown field` };
  if (typeof name !== 'string' || name.trim() === '') {
    return { ok: false, error: 'body.name: must be a non-empty string' };
  }
  if (notes !== undefined && typeof notes !== 'string') {
    return { ok: false, error: 'body.notes: must be a string' };
  }
  return { ok: true, value: { name, notes: notes ?? '' } };
}

/**
 * Answers a request under `/api/v1/baselines`. `body` is the POST body (undefined for GET).
 * 404 when the service has no baseline API (no store).
 */
export async function routeBaselines(
  method: 'GET' | 'POST',
  url: URL,
  body: string | undefined,
  api: BaselineApi | undefined,
): Promise<Reply> {
  const path = url.pathname;
  const params = url.searchParams;
  if (!api) return errorReply(404, `${path}: baselines are not available on this server`);
  const notAllowed = (allowed: string): Reply =>
    errorReply(405, `method ${method}: not allowed on ${path}; use ${allowed}`, { allow: allowed });
  if (path === '/api/v1/baselines') {
    if (method !== 'GET') return notAllowed('GET');
    const bad = onlyParams(params, ['metric']);
    if (!bad.ok) return errorReply(400, bad.error);
    const metric = stringParam(params, 'metric');
    if (!metric.ok) return errorReply(400, metric.error);
    const baselines = await api.list(metric.value === undefined ? {} : { metric: metric.value });
    return jsonReply(200, { returned: baselines.length, baselines });
  }
  if (path === '/api/v1/baselines/drift') {
    if (method !== 'GET') return notAllowed('GET');
    const bad = onlyParams(params, ['days', 'metric']);
    if (!bad.ok) return errorReply(400, bad.error);
    const days = integerParam(params, 'days', { min: 1, max: 3650, default: 7 });
    if (!days.ok) return errorReply(400, days.error);
    const metric = stringParam(params, 'metric');
    if (!metric.ok) return errorReply(400, metric.error);
    const events = await api.drift({
      days: days.value,
      ...(metric.value === undefined ? {} : { metric: metric.value }),
    });
    return jsonReply(200, { returned: events.length, events });
  }
  if (path === '/api/v1/baselines/versions') {
    if (method === 'GET') {
      const bad = onlyParams(params, []);
      if (!bad.ok) return errorReply(400, bad.error);
      const versions = await api.versions();
      return jsonReply(200, { returned: versions.length, versions });
    }
    const parsed = parseBody(body ?? '');
    if (!parsed.ok) return errorReply(400, parsed.error);
    return jsonReply(201, await api.createVersion(parsed.value.name, parsed.value.notes));
  }
  const match = VERSION_PATH.exec(path);
  const id = match?.[1] === undefined ? undefined : decodeId(match[1]);
  if (match && id === undefined) {
    return errorReply(400, `version id: invalid percent-encoding in ${JSON.stringify(match[1])}`);
  }
  if (match && id !== undefined) {
    const action = match[2];
    if (action === '/rollback') {
      if (method !== 'POST') return notAllowed('POST');
      const r = await api.rollback(id);
      if (!r.ok) return errorReply(404, r.error);
      return jsonReply(200, { restored: r.value.length, baselines: r.value });
    }
    if (method !== 'GET') return notAllowed('GET');
    if (action === '/diff') {
      const bad = onlyParams(params, ['to']);
      if (!bad.ok) return errorReply(400, bad.error);
      const to = stringParam(params, 'to');
      if (!to.ok) return errorReply(400, to.error);
      const r = await api.diff(id, to.value);
      if (!r.ok) return errorReply(404, r.error);
      return jsonReply(200, { from: id, to: to.value ?? 'current', entries: r.value });
    }
    const bad = onlyParams(params, []);
    if (!bad.ok) return errorReply(400, bad.error);
    const snapshot = await api.version(id);
    if (!snapshot) return errorReply(404, `baseline version '${id}' does not exist`);
    return jsonReply(200, snapshot);
  }
  return errorReply(
    404,
    `${path}: not found; see /api/v1/baselines, /api/v1/baselines/versions, /api/v1/baselines/versions/<id>[/diff|/rollback], /api/v1/baselines/drift`,
  );
}
