/**
 * Component sections (`receivers`, `processors`, `exporters`) in the Collector's shape:
 * each key is a component id, `type` or `type/name`, so one type can appear several times
 * (`otlp`, `otlp/backup`).
 */
import { LOCALHOST_BIND_ADDRESS, parseListenEndpoint } from './endpoint.js';
import type { MapReader } from './yaml-reader.js';
import { report } from './yaml-scalars.js';
import type { YamlValue } from './yaml-scalars.js';
import type { ListenEndpoint } from './types.js';

const COMPONENT_ID = /^([a-z][a-z0-9_]*)(?:\/(\S+))?$/;

/** A listen address claimed by a component, for the port-conflict check. */
export interface ListenClaim {
  path: string;
  listen: ListenEndpoint;
  node: YamlValue;
}

/** Reads one component of a known type. */
export type ComponentReader<T> = (reader: MapReader, id: string, listens: ListenClaim[]) => T;

/**
 * Reads every component of a section. Unknown types are errors naming the known ones;
 * a component written with an empty value (`debug:`) gets its defaults.
 */
export function readComponents<T>(
  section: MapReader,
  kind: string,
  readers: Readonly<Record<string, ComponentReader<T>>>,
  listens: ListenClaim[],
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const { key, path } of section.entries()) {
    const match = COMPONENT_ID.exec(key);
    const read = match ? readers[match[1] as string] : undefined;
    if (!match) {
      report(
        section.ctx,
        path,
        `"${key}" is not a ${kind} id: write type or type/name`,
        section.node(key),
      );
      continue;
    }
    if (!read) {
      const known = Object.keys(readers).join(', ');
      report(
        section.ctx,
        path,
        `unknown ${kind} type "${match[1]}" (known: ${known})`,
        section.node(key),
      );
      continue;
    }
    const reader = section.map(key);
    out[key] = read(reader, key, listens);
    reader.finish();
  }
  return out;
}

/** Reads a `host:port` listen address, recording it for the port-conflict check. */
export function readListen(
  reader: MapReader,
  key: string,
  fallback: string,
  listens: ListenClaim[],
): ListenEndpoint {
  const text = reader.string(key, fallback);
  const node = reader.node(key);
  const path = reader.pathOf(key);
  const parsed = parseListenEndpoint(text);
  if (!parsed.ok) {
    report(reader.ctx, path, parsed.error, node);
    // The error stops the load; this placeholder only keeps the reading going.
    return { endpoint: text, host: LOCALHOST_BIND_ADDRESS, port: 0 };
  }
  listens.push({ path, listen: parsed.value, node });
  return parsed.value;
}

/**
 * Reports two components listening on the same port of overlapping addresses, at the one
 * written in the file (a default has no line to point at).
 */
export function checkListenConflicts(section: MapReader, listens: ListenClaim[]): void {
  const wildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';
  for (let i = 0; i < listens.length; i += 1) {
    const a = listens[i] as ListenClaim;
    if (a.listen.port === 0) continue;
    for (let j = 0; j < i; j += 1) {
      const b = listens[j] as ListenClaim;
      const overlap =
        a.listen.host === b.listen.host || wildcard(a.listen.host) || wildcard(b.listen.host);
      if (a.listen.port !== b.listen.port || !overlap) continue;
      const [at, other] = a.node === undefined && b.node !== undefined ? [b, a] : [a, b];
      const which = other.node === undefined ? ` (default ${other.listen.endpoint})` : '';
      report(
        section.ctx,
        at.path,
        `port ${at.listen.port} is also used by ${other.path}${which}`,
        at.node,
      );
    }
  }
}
