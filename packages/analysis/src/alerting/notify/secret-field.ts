/**
 * Secret fields of channel configurations (SMTP password, Slack token, webhook secret): the
 * file may only reference the environment (`${SLACK_BOT_TOKEN}`), never hold the value, and
 * the value is kept as a {@link Secret} that prints as `<redacted>`.
 */
import { isScalar } from 'yaml';
import { isLiteralSecret } from '../../config/credentials.js';
import { Secret } from '../../config/secret.js';
import type { MapReader } from '../../config/yaml-reader.js';
import { report } from '../../config/yaml-scalars.js';

/** Reads a secret field; reports it when required and absent, or written literally. */
export function readSecretField(
  reader: MapReader,
  key: string,
  options: { required: boolean; example: string },
): Secret | undefined {
  const node = reader.node(key);
  if (node === undefined) {
    if (options.required) report(reader.ctx, reader.pathOf(key), 'is required', reader.mapNode);
    return undefined;
  }
  const raw = isScalar(node) && typeof node.value === 'string' ? node.value : '';
  // `${NAME:-literal}` counts as written in the file: its default would be the secret.
  if (isLiteralSecret(raw)) {
    report(
      reader.ctx,
      reader.pathOf(key),
      `must come from the environment, like "\${${options.example}}"; secrets are never written in config files`,
      node,
    );
    return undefined;
  }
  const value = reader.string(key, '');
  return new Secret(value, reader.pathOf(key));
}

/** Reads a required string, reporting it when absent. */
export function requiredString(reader: MapReader, key: string): string {
  if (!reader.has(key)) report(reader.ctx, reader.pathOf(key), 'is required', reader.mapNode);
  return reader.string(key, '');
}

/** Reads an `http(s)://` URL, reporting anything else. */
export function readUrl(reader: MapReader, key: string, required: boolean): string | undefined {
  if (!reader.has(key)) {
    if (required) report(reader.ctx, reader.pathOf(key), 'is required', reader.mapNode);
    return undefined;
  }
  const value = reader.string(key, '');
  return checkUrl(reader, key, value, reader.node(key)) ? value.replace(/\/+$/, '') : undefined;
}

/** Checks one URL value, reporting it at `key` when it is not http(s). */
export function checkUrl(reader: MapReader, key: string, value: string, node: unknown): boolean {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    report(
      reader.ctx,
      reader.pathOf(key),
      `must be an http:// or https:// URL (got ${JSON.stringify(value)})`,
      node as never,
    );
    return false;
  }
  return true;
}
