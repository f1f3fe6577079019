/**
 * SLO groups: the values of the `groupBy` attributes of a series, looked up on its point
 * attributes first, then on its resource (so `service.name` comes from the resource). A
 * missing attribute groups as the empty string.
 */
import type { Attributes } from '../../otlp/model.js';

/** A group: its key (stable, for maps and persistence) and labels. */
export interface SloGroup {
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The group of a series. */
export function groupOf(
  groupBy: readonly string[],
  resource: Attributes,
  attributes: Attributes,
): SloGroup {
  const labels: Record<string, string> = {};
  for (const name of groupBy) labels[name] = text(attributes[name] ?? resource[name]);
  return { key: JSON.stringify(groupBy.map((name) => labels[name])), labels };
}

/** FNV-1a, 32 bits, as 8 hex digits: short stable ids for URLs. */
export function shortHash(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The public id of an SLO group: `<slo id>-<hash of the group key>`. */
export function groupId(sloId: string, groupKey: string): string {
  return `${sloId}-${shortHash(groupKey)}`;
}

/** A series' identity across restarts (its id may be reassigned). */
export function seriesFingerprint(
  metric: string,
  resource: Attributes,
  attributes: Attributes,
): string {
  const sorted = (a: Attributes): [string, unknown][] =>
    Object.keys(a)
      .sort()
      .map((k) => [k, a[k]]);
  return JSON.stringify([metric, sorted(resource), sorted(attributes)]);
}
