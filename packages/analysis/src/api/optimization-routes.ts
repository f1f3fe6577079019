/**
 * The optimization engine's opportunities and remediations, read from the store (GET only):
 *
 * | path | query | answer |
 * | --- | --- | --- |
 * | `/api/v1/opportunities` | `?status=open,applied`, `?category=`, `?template=`, `?limit=100` | opportunities by priority, then predicted impact |
 * | `/api/v1/opportunities/<id>` | | one opportunity with its remediations and audit entries |
 * | `/api/v1/remediations` | `?opportunity=`, `?status=`, `?limit=100` | executions, newest first |
 * | `/api/v1/remediations/audit` | `?opportunity=`, `?remediation=`, `?since=` (ms), `?limit=100` | the audit log, newest first |
 * | `/api/v1/remediations/<id>` | | one execution with its audit entries |
 */
import type { RemediationAuditRecord } from '../store/remediation-audit.js';
import type {
  OpportunityRecord,
  OpportunityStatus,
  RemediationRecord,
  RemediationStatus,
} from '../store/records.js';
import { integerParam, onlyParams } from './query.js';
import { errorReply, jsonReply, MAX_LIMIT, DEFAULT_LIMIT } from './routes.js';
import type { Reply } from './routes.js';

/** Opportunity statuses the `status` parameter accepts. */
export const OPPORTUNITY_STATUSES: readonly OpportunityStatus[] = [
  'open',
  'accepted',
  'applied',
  'dismissed',
  'rolled-back',
];
/** Remediation statuses the `status` parameter accepts. */
export const REMEDIATION_STATUSES: readonly RemediationStatus[] = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'rolled-back',
];

/** What the optimization routes read. */
export interface OptimizationApi {
  opportunities(query: {
    status?: OpportunityStatus[];
    category?: string;
    template?: string;
    limit: number;
  }): Promise<OpportunityRecord[]>;
  opportunity(id: string): Promise<OpportunityRecord | undefined>;
  remediations(query: {
    opportunityId?: string;
    status?: RemediationStatus;
    limit: number;
  }): Promise<RemediationRecord[]>;
  remediation(id: string): Promise<RemediationRecord | undefined>;
  audit(query: {
    opportunityId?: string;
    remediationId?: string;
    since?: number;
    limit: number;
  }): Promise<RemediationAuditRecord[]>;
}

const ONE = /^\/api\/v1\/(opportunities|remediations)\/([^/]+)$/;

/** An opportunity as listed: the record with the detected opportunity's main fields on top. */
function opportunityView(r: OpportunityRecord): Record<string, unknown> {
  const o = (r.details.opportunity ?? {}) as Record<string, unknown>;
  return {
    id: r.id,
    template: r.template,
    category: r.category,
    title: r.title,
    status: r.status,
    priority: r.priority,
    confidence: o.confidence,
    predictedImpact: o.impact,
    subject: r.seriesKey,
    evidence: o.evidence,
    riskLevel: o.riskLevel,
    implementationEffort: o.implementationEffort,
    autoExecutable: o.autoExecutable,
    ...(o.action === undefined ? {} : { action: o.action }),
    description: o.description,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

function decode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function oneOf<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
): { ok: true; value: T[] | undefined } | { ok: false; error: string } {
  if (raw === undefined) return { ok: true, value: undefined };
  const values = raw.split(',');
  const bad = values.find((v) => !(allowed as readonly string[]).includes(v));
  if (bad !== undefined) {
    return {
      ok: false,
      error: `${name}: must be one of ${allowed.join(', ')} (got ${JSON.stringify(bad)})`,
    };
  }
  return { ok: true, value: values as T[] };
}

/** Whether `path` belongs to these routes. */
export function isOptimizationPath(path: string): boolean {
  return /^\/api\/v1\/(opportunities|remediations)(\/|$)/.test(path);
}

/** Answers the optimization routes; undefined for other paths. */
export async function routeOptimization(
  path: string,
  params: URLSearchParams,
  api: OptimizationApi | undefined,
): Promise<Reply | undefined> {
  if (!isOptimizationPath(path)) return undefined;
  if (!api)
    return errorReply(
      404,
      `${path}: the optimization engine's records are not available on this server`,
    );
  const limit = (): ReturnType<typeof integerParam> =>
    integerParam(params, 'limit', { min: 1, max: MAX_LIMIT, default: DEFAULT_LIMIT });
  if (path === '/api/v1/opportunities') {
    const bad = onlyParams(params, ['status', 'category', 'template', 'limit']);
    if (!bad.ok) return errorReply(400, bad.error);
    const status = oneOf('status', params.get('status') ?? undefined, OPPORTUNITY_STATUSES);
    if (!status.ok) return errorReply(400, status.error);
    const n = limit();
    if (!n.ok) return errorReply(400, n.error);
    const category = params.get('category') ?? undefined;
    const template = params.get('template') ?? undefined;
    const records = await api.opportunities({
      limit: n.value,
      ...(status.value ? { status: status.value } : {}),
      ...(category ? { category } : {}),
      ...(template ? { template } : {}),
    });
    return jsonReply(200, {
      returned: records.length,
      opportunities: records.map(opportunityView),
    });
  }
  if (path === '/api/v1/remediations' || path === '/api/v1/remediations/audit') {
    const audit = path.endsWith('/audit');
    const names = audit
      ? ['opportunity', 'remediation', 'since', 'limit']
      : ['opportunity', 'status', 'limit'];
    const bad = onlyParams(params, names);
    if (!bad.ok) return errorReply(400, bad.error);
    const n = limit();
    if (!n.ok) return errorReply(400, n.error);
    const opportunityId = params.get('opportunity') ?? undefined;
    const filter = opportunityId ? { opportunityId } : {};
    if (audit) {
      const since = integerParam(params, 'since', { min: 0, max: 8.64e15, default: 0 });
      if (!since.ok) return errorReply(400, since.error);
      const remediationId = params.get('remediation') ?? undefined;
      const entries = await api.audit({
        ...filter,
        ...(remediationId ? { remediationId } : {}),
        ...(since.value > 0 ? { since: since.value } : {}),
        limit: n.value,
      });
      return jsonReply(200, { returned: entries.length, entries });
    }
    const status = oneOf('status', params.get('status') ?? undefined, REMEDIATION_STATUSES);
    if (!status.ok) return errorReply(400, status.error);
    if (status.value && status.value.length > 1) return errorReply(400, 'status: give one status');
    const records = await api.remediations({
      ...filter,
      ...(status.value ? { status: status.value[0]! } : {}),
      limit: n.value,
    });
    return jsonReply(200, { returned: records.length, remediations: records });
  }
  const match = ONE.exec(path);
  const id = match?.[2] === undefined ? undefined : decode(match[2]);
  if (!match || id === undefined) {
    return errorReply(
      match ? 400 : 404,
      match
        ? `id: invalid percent-encoding in ${JSON.stringify(match[2])}`
        : `${path}: not found; see /api/v1/opportunities, /api/v1/opportunities/<id>, /api/v1/remediations, /api/v1/remediations/<id>, /api/v1/remediations/audit`,
    );
  }
  const bad = onlyParams(params, []);
  if (!bad.ok) return errorReply(400, bad.error);
  if (match[1] === 'opportunities') {
    const record = await api.opportunity(id);
    if (!record) return errorReply(404, `opportunity ${JSON.stringify(id)}: not found`);
    const [remediations, audit] = await Promise.all([
      api.remediations({ opportunityId: id, limit: MAX_LIMIT }),
      api.audit({ opportunityId: id, limit: MAX_LIMIT }),
    ]);
    return jsonReply(200, { ...opportunityView(record), remediations, audit });
  }
  const record = await api.remediation(id);
  if (!record) return errorReply(404, `remediation ${JSON.stringify(id)}: not found`);
  return jsonReply(200, {
    ...record,
    audit: await api.audit({ remediationId: id, limit: MAX_LIMIT }),
  });
}
