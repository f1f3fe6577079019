/**
 * The alerting routes:
 * - `GET /api/v1/alerts?severity=&state=&fingerprint=&limit=`: active alerts (default), or the
 *   stored ones of a status (`firing`, `acknowledged`, `resolved`);
 * - `POST /api/v1/alerts/<id>/ack` `{"by": "...", "comment": "..."}`;
 * - `GET /api/v1/silences?active=true`, `POST /api/v1/silences` `{"matchers": ["a=\"b\""],
 *   "startsAt": "...", "endsAt": "..." | "duration": "2h", "createdBy": "...", "comment": "..."}`,
 *   `DELETE /api/v1/silences/<id>`;
 * - `GET /api/v1/deliveries?channel=&status=&limit=`;
 * - `GET /api/v1/channels`, `POST /api/v1/channels/<id>/test`.
 */
import { parseMatcher } from '../alerting/matchers.js';
import type { Matcher } from '../alerting/matchers.js';
import { parseDuration } from '../config/units.js';
import { integerParam, onlyParams, stringParam } from './query.js';
import { errorReply, jsonReply } from './routes.js';
import type { Reply } from './routes.js';
import type { AlertingBackend } from './types.js';

const ACK = /^\/api\/v1\/alerts\/([^/]+)\/ack$/;
const SILENCE = /^\/api\/v1\/silences\/([^/]+)$/;
const TEST = /^\/api\/v1\/channels\/([^/]+)\/test$/;
const SEVERITIES = ['info', 'warning', 'error', 'critical'];
const STATES = ['active', 'firing', 'acknowledged', 'resolved'];
const DELIVERY_STATUSES = ['queued', 'delivered', 'failed', 'dead-letter'];

/** Whether a path belongs to the alerting routes. */
export function isAlertingPath(path: string): boolean {
  return /^\/api\/v1\/(alerts|silences|deliveries|channels)(\/|$)/.test(path);
}

/** Largest request body the alerting routes read, in bytes. */
export const MAX_ALERTING_BODY_BYTES = 64 * 1024;

/** Answers one alerting request; `body` is the raw request body of a POST. */
export async function routeAlerting(
  method: string,
  url: URL,
  body: string,
  backend: AlertingBackend | undefined,
): Promise<Reply> {
  if (!backend) {
    return errorReply(
      404,
      `${url.pathname}: alerting is off (the configuration has no alerting section)`,
    );
  }
  const path = url.pathname;
  const params = url.searchParams;
  const read = method === 'GET' || method === 'HEAD';
  if (path === '/api/v1/alerts' && read) return listAlerts(params, backend);
  if (path === '/api/v1/silences' && read) {
    const bad = onlyParams(params, ['active']);
    if (!bad.ok) return errorReply(400, bad.error);
    const active = params.get('active');
    if (active !== null && active !== 'true' && active !== 'false') {
      return errorReply(400, `active: must be true or false, got ${JSON.stringify(active)}`);
    }
    const silences = await backend.listSilences(active === 'true');
    return jsonReply(200, { returned: silences.length, silences });
  }
  if (path === '/api/v1/silences' && method === 'POST') return createSilence(body, backend);
  if (path === '/api/v1/deliveries' && read) return listDeliveries(params, backend);
  if (path === '/api/v1/channels' && read) return jsonReply(200, { channels: backend.channels() });
  const ack = ACK.exec(path);
  if (ack?.[1] !== undefined && method === 'POST') {
    const parsed = parseBody(body);
    if (!parsed.ok) return errorReply(400, parsed.error);
    const by =
      typeof parsed.value.by === 'string' && parsed.value.by !== '' ? parsed.value.by : 'api';
    const comment = typeof parsed.value.comment === 'string' ? parsed.value.comment : undefined;
    const id = decodeURIComponent(ack[1]);
    const done = await backend.acknowledge(id, by, comment);
    return done
      ? jsonReply(200, { acknowledged: id, by })
      : errorReply(404, `alert ${JSON.stringify(id)}: no open alert has this id or fingerprint`);
  }
  const silence = SILENCE.exec(path);
  if (silence?.[1] !== undefined && method === 'DELETE') {
    const id = decodeURIComponent(silence[1]);
    const expired = await backend.expireSilence(id);
    return expired === undefined
      ? errorReply(404, `silence ${JSON.stringify(id)}: not found`)
      : jsonReply(200, expired);
  }
  const test = TEST.exec(path);
  if (test?.[1] !== undefined && method === 'POST') {
    const result = await backend.testChannel(decodeURIComponent(test[1]));
    return jsonReply(result.ok ? 200 : 502, result);
  }
  return errorReply(
    read ? 404 : 405,
    `${method} ${path}: not served; see GET /api/v1/alerts, POST /api/v1/alerts/<id>/ack, GET|POST /api/v1/silences, DELETE /api/v1/silences/<id>, GET /api/v1/deliveries, GET /api/v1/channels, POST /api/v1/channels/<id>/test`,
  );
}

async function listAlerts(params: URLSearchParams, backend: AlertingBackend): Promise<Reply> {
  const bad = onlyParams(params, ['severity', 'state', 'fingerprint', 'limit']);
  if (!bad.ok) return errorReply(400, bad.error);
  const severity = stringParam(params, 'severity');
  if (!severity.ok) return errorReply(400, severity.error);
  if (severity.value !== undefined && !SEVERITIES.includes(severity.value)) {
    return errorReply(
      400,
      `severity: must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(severity.value)}`,
    );
  }
  const state = stringParam(params, 'state');
  if (!state.ok) return errorReply(400, state.error);
  if (state.value !== undefined && !STATES.includes(state.value)) {
    return errorReply(
      400,
      `state: must be one of ${STATES.join(', ')}, got ${JSON.stringify(state.value)}`,
    );
  }
  const fp = stringParam(params, 'fingerprint');
  if (!fp.ok) return errorReply(400, fp.error);
  const limit = integerParam(params, 'limit', { min: 1, max: 10_000, default: 1000 });
  if (!limit.ok) return errorReply(400, limit.error);
  let alerts: unknown[];
  if (state.value === undefined || state.value === 'active') {
    alerts = backend.active(severity.value);
  } else {
    alerts = await backend.listAlerts({
      status: state.value,
      ...(severity.value === undefined ? {} : { severity: severity.value }),
      limit: limit.value,
    });
  }
  if (fp.value !== undefined) {
    alerts = alerts.filter((a) => (a as { fingerprint?: string }).fingerprint === fp.value);
  }
  alerts = alerts.slice(0, limit.value);
  return jsonReply(200, { returned: alerts.length, alerts });
}

async function listDeliveries(params: URLSearchParams, backend: AlertingBackend): Promise<Reply> {
  const bad = onlyParams(params, ['channel', 'status', 'limit']);
  if (!bad.ok) return errorReply(400, bad.error);
  const channel = stringParam(params, 'channel');
  if (!channel.ok) return errorReply(400, channel.error);
  const status = stringParam(params, 'status');
  if (!status.ok) return errorReply(400, status.error);
  if (status.value !== undefined && !DELIVERY_STATUSES.includes(status.value)) {
    return errorReply(
      400,
      `status: must be one of ${DELIVERY_STATUSES.join(', ')}, got ${JSON.stringify(status.value)}`,
    );
  }
  const limit = integerParam(params, 'limit', { min: 1, max: 10_000, default: 100 });
  if (!limit.ok) return errorReply(400, limit.error);
  const deliveries = await backend.listDeliveries({
    ...(channel.value === undefined ? {} : { channel: channel.value }),
    ...(status.value === undefined ? {} : { status: status.value }),
    limit: limit.value,
  });
  return jsonReply(200, { returned: deliveries.length, deliveries });
}

function parseBody(
  body: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (body.trim() === '') return { ok: true, value: {} };
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, error: 'body: must be a JSON object' };
    }
    return { ok: true, value: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, error: `body: not valid JSON (${(error as Error).message})` };
  }
}

function timeField(
  value: unknown,
  name: string,
): { ok: true; value: number | undefined } | { ok: false; error: string } {
  if (value === undefined) return { ok: true, value: undefined };
  const millis =
    typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(millis)
    ? { ok: true, value: millis }
    : { ok: false, error: `${name}: must be an RFC 3339 time or milliseconds since the epoch` };
}

async function createSilence(body: string, backend: AlertingBackend): Promise<Reply> {
  const parsed = parseBody(body);
  if (!parsed.ok) return errorReply(400, parsed.error);
  const input = parsed.value;
  if (!Array.isArray(input.matchers) || input.matchers.length === 0) {
    return errorReply(400, 'matchers: must be a non-empty list like ["alertname=\\"SlowFit\\""]');
  }
  const matchers: Matcher[] = [];
  for (const [i, m] of input.matchers.entries()) {
    if (typeof m !== 'string')
      return errorReply(400, `matchers[${i}]: must be a string like name="value"`);
    const one = parseMatcher(m);
    if (!one.ok) return errorReply(400, `matchers[${i}]: ${one.error}`);
    matchers.push(one.value);
  }
  const now = backend.nowMillis();
  const starts = timeField(input.startsAt, 'startsAt');
  if (!starts.ok) return errorReply(400, starts.error);
  const ends = timeField(input.endsAt, 'endsAt');
  if (!ends.ok) return errorReply(400, ends.error);
  const startsAt = starts.value ?? now;
  let endsAt = ends.value;
  if (endsAt === undefined) {
    if (typeof input.duration !== 'string')
      return errorReply(400, 'endsAt or duration (like "2h") is required');
    const d = parseDuration(input.duration);
    if (!d.ok) return errorReply(400, `duration: ${d.error}`);
    endsAt = startsAt + d.value;
  }
  if (endsAt <= startsAt) return errorReply(400, 'endsAt: must be after startsAt');
  if (typeof input.createdBy !== 'string' || input.createdBy === '') {
    return errorReply(400, 'createdBy: required (who silences)');
  }
  const comment = typeof input.comment === 'string' ? input.comment : '';
  const created = await backend.createSilence({
    matchers,
    startsAt,
    endsAt,
    createdBy: input.createdBy,
    comment,
  });
  return jsonReply(201, created);
}
