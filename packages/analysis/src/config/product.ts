/**
 * The product's own sections: `store` and `api` (`slo` is read by `slo.ts`).
 *
 * ```yaml
 * store: sqlite:./monitoring-data/heterodyne.db    # or postgres://monitor@db:5432/heterodyne
 * api:
 *   endpoint: localhost:8080
 *   auth: { bearer_token_env: HETERODYNE_API_TOKEN }   # see api-auth-config.ts for roles
 * ```
 */
import { isScalar } from 'yaml';
import { readListen } from './components.js';
import type { ListenClaim } from './components.js';
import { DEFAULT_API_ENDPOINT, DEFAULT_STORE_URL } from './defaults.js';
import { readStoreUrl } from '../store/open-store.js';
import { literalUrlCredential, redactCredentials } from './credentials.js';
import { readApiAuth } from './api-auth-config.js';
import { Secret } from './secret.js';
import { report } from './yaml-scalars.js';
import type { MapReader } from './yaml-reader.js';
import type { ApiConfig, StoreConfig } from './types.js';

/**
 * Reads a store URL with the store's own parser ({@link readStoreUrl}), adding the
 * configuration's rule that a PostgreSQL password comes from the environment. `raw` is the
 * text before `${ENV}` expansion (for the password check).
 */
function toStoreConfig(
  url: string,
  raw: string,
): { ok: true; value: StoreConfig } | { ok: false; error: string } {
  const read = readStoreUrl(url);
  if (!read.ok) return { ok: false, error: read.error.problem };
  if (read.value.kind === 'sqlite') {
    // readStoreUrl always names the file; the option is optional only for openStore callers.
    return { ok: true, value: { kind: 'sqlite', url, path: read.value.path ?? url.trim() } };
  }
  const literal = literalUrlCredential(raw);
  if (literal !== undefined) {
    return {
      ok: false,
      error: `must not hold ${literal}: reference the environment (postgres://monitor:\${PGPASSWORD}@db/heterodyne, a default in \${NAME:-...} counts as literal) or leave it out, and pg reads PGPASSWORD itself`,
    };
  }
  return {
    ok: true,
    value: { kind: 'postgres', url: new Secret(url, 'store'), display: redactCredentials(url) },
  };
}

/** Reads `store`. */
export function readStore(root: MapReader): StoreConfig {
  const node = root.node('store');
  const raw =
    node && isScalar(node) && typeof node.value === 'string' ? node.value : DEFAULT_STORE_URL;
  const url = root.string('store', DEFAULT_STORE_URL);
  const parsed = toStoreConfig(url, raw);
  if (parsed.ok) return parsed.value;
  report(root.ctx, root.pathOf('store'), parsed.error, node);
  return { kind: 'sqlite', url: DEFAULT_STORE_URL, path: '' };
}

/** Reads `api`. */
export function readApi(root: MapReader, listens: ListenClaim[]): ApiConfig {
  const api = root.map('api');
  const listen = readListen(api, 'endpoint', DEFAULT_API_ENDPOINT, listens);
  const auth = readApiAuth(api);
  api.finish();
  return { listen, auth };
}
