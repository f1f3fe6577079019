/**
 * TLS to PostgreSQL from libpq's connection parameters, with libpq's meaning
 * (https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION):
 * - `sslmode=disable` (and no `sslmode`): no TLS;
 * - `require`: encrypted, the server not verified (verified like `verify-ca` when
 *   `sslrootcert` is given, as libpq does);
 * - `verify-ca`: the server's certificate must chain to `sslrootcert`;
 * - `verify-full`: that, and the certificate must name the host connected to.
 * `allow` and `prefer` (fall back to plain text) are refused: a store connection either is
 * encrypted or says it is not. `sslrootcert` (a PEM file, or `system` for the operating
 * system's authorities), `sslcert` and `sslkey` (a client certificate) are read here; the
 * parameters are removed from the URL handed to `pg`, whose own reading of them differs.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';

/** The `sslmode` values accepted. */
export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
/** One of {@link SSL_MODES}. */
export type SslMode = (typeof SSL_MODES)[number];

/** What {@link postgresTls} resolves. */
export interface PostgresTls {
  /** The URL without the TLS parameters. */
  connectionString: string;
  /** The mode in effect. */
  sslMode: SslMode;
  /** `pg`'s `ssl` option: false for no TLS. */
  ssl: false | ConnectionOptions;
}

const TLS_PARAMETERS = [
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslpassword',
  'uselibpqcompat',
];

function readPem(path: string, parameter: string): Result<string, string> {
  try {
    return ok(readFileSync(path, 'utf8'));
  } catch (error) {
    return err(
      `${parameter}=${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/** Reads the TLS parameters of `connectionString`; errors name the parameter. */
export function postgresTls(connectionString: string): Result<PostgresTls, string> {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return ok({ connectionString, sslMode: 'disable', ssl: false });
  }
  const p = url.searchParams;
  const raw = p.get('sslmode') ?? 'disable';
  const rootcert = p.get('sslrootcert') ?? undefined;
  const cert = p.get('sslcert') ?? undefined;
  const key = p.get('sslkey') ?? undefined;
  const passphrase = p.get('sslpassword') ?? undefined;
  for (const name of TLS_PARAMETERS) p.delete(name);
  const stripped = url.toString();
  if (!(SSL_MODES as readonly string[]).includes(raw)) {
    const hint =
      raw === 'prefer' || raw === 'allow'
        ? ' (falling back to an unencrypted connection is not offered: use require, or disable explicitly)'
        : '';
    return err(`sslmode=${raw}: must be one of ${SSL_MODES.join(', ')}${hint}`);
  }
  let mode = raw as SslMode;
  if (mode === 'disable') return ok({ connectionString: stripped, sslMode: mode, ssl: false });
  if (mode === 'require' && rootcert !== undefined) mode = 'verify-ca';
  const ssl: ConnectionOptions = { rejectUnauthorized: mode !== 'require' };
  if (rootcert !== undefined && rootcert !== 'system') {
    const ca = readPem(rootcert, 'sslrootcert');
    if (!ca.ok) return ca;
    ssl.ca = ca.value;
  }
  if (cert !== undefined || key !== undefined) {
    if (cert === undefined || key === undefined)
      return err('sslcert and sslkey: give both or neither');
    const c = readPem(cert, 'sslcert');
    if (!c.ok) return c;
    const k = readPem(key, 'sslkey');
    if (!k.ok) return k;
    ssl.cert = c.value;
    ssl.key = k.value;
    if (passphrase !== undefined) ssl.passphrase = passphrase;
  }
  // verify-ca: the chain is checked, the name is not.
  if (mode === 'verify-ca') ssl.checkServerIdentity = () => undefined;
  else if (mode === 'verify-full') ssl.servername = url.hostname.replace(/^\[|\]$/g, '');
  return ok({ connectionString: stripped, sslMode: mode, ssl });
}
