import { err, ok, type Result } from '../result.js';
import {
  openPostgresStore,
  redactConnectionString,
  splitSchemaParameter,
  type PostgresStoreOptions,
} from './postgres-store.js';
import { DEFAULT_SQLITE_PATH, openSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import { postgresTls } from './postgres-tls.js';
import { StoreError } from './store-error.js';
import type { MonitoringStore } from './types.js';

/** Which store to open, as options. */
export type StoreOptions =
  ({ kind: 'sqlite' } & SqliteStoreOptions) | ({ kind: 'postgres' } & PostgresStoreOptions);

/** Options that apply to either store and are not part of a URL. */
export type CommonStoreOptions = Pick<SqliteStoreOptions, 'now' | 'migrations'>;

/** Why a store URL was refused: the problem (without a location prefix) and its cause. */
export interface StoreUrlProblem {
  /** What is wrong with the URL, e.g. `unsupported URL scheme 'mysql:' (use ...)`. */
  readonly problem: string;
  /** The underlying parse error, when there is one. */
  readonly cause?: unknown;
}

/**
 * Reads a store URL:
 * - `sqlite:PATH`, `sqlite:///ABSOLUTE/PATH`, or a bare path: a SQLite file;
 * - `sqlite::memory:` (or `:memory:`): a private in-memory SQLite database;
 * - `postgres://...` or `postgresql://...`: PostgreSQL; a `schema` query parameter selects the
 *   schema (it is removed from the URL passed to the driver).
 *
 * The one store URL parser: {@link parseStoreUrl} wraps its problems in a {@link StoreError},
 * and configuration validation reports them with the file and key they came from.
 */
export function readStoreUrl(url: string): Result<StoreOptions, StoreUrlProblem> {
  const text = url.trim();
  if (text === '') return err({ problem: 'the store URL is empty' });
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  // A one-letter "scheme" is a Windows drive (`C:\data\h.db`); `:memory:` has none.
  if (scheme === undefined || scheme.length === 1) return ok({ kind: 'sqlite', path: text });
  if (scheme === 'sqlite') {
    let path = text.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') return err({ problem: `'${url}' names no file` });
    return ok({ kind: 'sqlite', path });
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch (error) {
      const shown = redactConnectionString(text);
      return err({ problem: `'${shown}' is not a valid URL`, cause: error });
    }
    // TLS parameters are checked here, so that a configuration names a bad one at load.
    const tls = postgresTls(parsed.toString());
    if (!tls.ok) return err({ problem: tls.error });
    return ok({ kind: 'postgres', ...splitSchemaParameter(parsed.toString()) });
  }
  return err({
    problem:
      `unsupported URL scheme '${scheme}:' (use sqlite:PATH, sqlite::memory:, ` +
      `postgres://... or a file path)`,
  });
}

/**
 * Reads a store URL as {@link readStoreUrl} does, reporting a refused one as a
 * `invalid-config` {@link StoreError} whose message starts with `store:`.
 */
export function parseStoreUrl(url: string): Result<StoreOptions, StoreError> {
  const read = readStoreUrl(url);
  if (read.ok) return read;
  const { problem, cause } = read.error;
  const options = cause === undefined ? undefined : { cause };
  return err(new StoreError('invalid-config', `store: ${problem}`, options));
}

/**
 * Opens the store a URL or options describe, migrating its schema.
 * @param target store URL (see {@link parseStoreUrl}) or options.
 * @default `./monitoring-data/heterodyne.db` (SQLite)
 * @throws {StoreError} `invalid-config` for a URL that names no store, and whatever
 * {@link openSqliteStore} or {@link openPostgresStore} throws.
 */
export async function openStore(
  target: string | StoreOptions = { kind: 'sqlite', path: DEFAULT_SQLITE_PATH },
  common: CommonStoreOptions = {},
): Promise<MonitoringStore> {
  let options: StoreOptions;
  if (typeof target === 'string') {
    const parsed = parseStoreUrl(target);
    if (!parsed.ok) throw parsed.error;
    options = parsed.value;
  } else {
    options = target;
  }
  const merged = { ...common, ...options };
  return merged.kind === 'postgres' ? openPostgresStore(merged) : openSqliteStore(merged);
}
