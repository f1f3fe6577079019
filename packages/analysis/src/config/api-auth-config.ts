/**
 * `api.auth`: the API's bearer tokens and their roles, kept apart from the ingest tokens of
 * `receivers.otlp.auth`.
 *
 * ```yaml
 * api:
 *   auth:
 *     bearer_token_env: HETERODYNE_API_TOKEN     # role admin, named after the variable
 *     tokens:
 *       - { name: grafana, role: viewer, token_env: HETERODYNE_GRAFANA_TOKEN }
 *       - { name: on-call, role: operator, token_env: HETERODYNE_ONCALL_TOKEN }
 * ```
 */
import { mapItems } from '../alerting/read-route-config.js';
import { isRole, ROLES } from '../auth/roles.js';
import type { ApiAuthConfig, BearerAuthConfig, RoleTokenConfig } from './types.js';
import type { MapReader } from './yaml-reader.js';
import { report } from './yaml-scalars.js';

/** Reads `api.auth`; undefined when absent (the API is open). */
export function readApiAuth(api: MapReader): ApiAuthConfig | undefined {
  if (!api.has('auth')) return undefined;
  const auth = api.map('auth');
  const roleTokens: RoleTokenConfig[] = [];
  for (const secret of auth.secretsFromEnv('bearer_token_env')) {
    roleTokens.push({ name: secret.envVariable ?? 'token', role: 'admin', secret });
  }
  const names = new Map<string, string>();
  for (const item of mapItems(auth, 'tokens')) {
    const name = item.string('name');
    const role = item.string('role');
    if (name === undefined)
      report(item.ctx, item.pathOf('name'), 'is required (who holds the token)', item.mapNode);
    if (role === undefined) {
      report(
        item.ctx,
        item.pathOf('role'),
        `is required: one of ${ROLES.join(', ')}`,
        item.mapNode,
      );
    } else if (!isRole(role)) {
      report(
        item.ctx,
        item.pathOf('role'),
        `must be one of ${ROLES.join(', ')} (got "${role}")`,
        item.node('role'),
      );
    }
    if (!item.has('token_env')) {
      report(
        item.ctx,
        item.pathOf('token_env'),
        'is required (the variable holding the token)',
        item.mapNode,
      );
    }
    const secrets = item.secretsFromEnv('token_env');
    item.finish();
    if (name !== undefined) {
      const first = names.get(name);
      if (first !== undefined)
        report(
          item.ctx,
          item.pathOf('name'),
          `"${name}" is already used by ${first}`,
          item.node('name'),
        );
      else names.set(name, item.path);
    }
    if (name === undefined || !isRole(role)) continue;
    for (const secret of secrets) roleTokens.push({ name, role, secret });
  }
  if (!auth.has('bearer_token_env') && !auth.has('tokens')) {
    report(auth.ctx, auth.path, 'must set bearer_token_env or tokens', api.node('auth'));
  }
  const seen = new Map<string, string>();
  for (const t of roleTokens) {
    const other = seen.get(t.secret.reveal());
    if (other !== undefined && other !== t.name) {
      report(
        auth.ctx,
        auth.path,
        `tokens '${other}' and '${t.name}' hold the same value; give each its own token`,
      );
    }
    seen.set(t.secret.reveal(), t.name);
  }
  auth.finish();
  if (roleTokens.length === 0) return undefined;
  return { tokens: roleTokens.map((t) => t.secret), roleTokens };
}

/**
 * Reports an API token that is also an ingest token: a token leaked from a producer's
 * environment must not open the API, and the other way round.
 */
export function checkTokensSeparate(
  root: MapReader,
  api: ApiAuthConfig | undefined,
  ingest: ReadonlyArray<{ id: string; auth: BearerAuthConfig | undefined }>,
): void {
  if (!api) return;
  for (const receiver of ingest) {
    for (const secret of receiver.auth?.tokens ?? []) {
      const same = api.roleTokens.find((t) => t.secret.reveal() === secret.reveal());
      if (same) {
        report(
          root.ctx,
          'api.auth',
          `token '${same.name}' is also an ingest token of receivers.${receiver.id} (${secret.source}); API and ingest tokens must differ`,
        );
      }
    }
  }
}
