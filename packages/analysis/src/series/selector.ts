import type { AttributeValue, Attributes } from '../otlp/model.js';
import type { SeriesEntry } from './internal-types.js';
import type { SeriesRegistry } from './series-registry.js';
import type { AttributeMatchers, SeriesSelector } from './types.js';

/** Whether `attributes` satisfy every matcher. */
export function matchesAttributes(attributes: Attributes, matchers: AttributeMatchers): boolean {
  for (const key of Object.keys(matchers)) {
    const expected = matchers[key];
    const actual: AttributeValue | undefined = attributes[key];
    if (typeof expected === 'object' && expected !== null) {
      if ((actual !== undefined) !== expected.present) return false;
      continue;
    }
    if (actual === undefined) return false;
    if (actual === expected) continue;
    if (typeof actual === typeof expected) return false;
    if (typeof actual === 'object') return false;
    if (String(actual) !== String(expected)) return false;
  }
  return true;
}

/** Whether a series matches a selector. */
export function matchesSelector(entry: SeriesEntry, selector: SeriesSelector): boolean {
  const handle = entry.handle;
  if (selector.metric !== undefined && handle.name !== selector.metric) return false;
  if (selector.kind !== undefined) {
    const kinds = selector.kind;
    if (typeof kinds === 'string' ? kinds !== handle.kind : !kinds.includes(handle.kind)) {
      return false;
    }
  }
  if (selector.includeStale === false && entry.stale) return false;
  if (selector.scope !== undefined && handle.prefix.scope.name !== selector.scope) return false;
  if (selector.attributes && !matchesAttributes(entry.attributes, selector.attributes))
    return false;
  if (selector.resource && !matchesAttributes(handle.prefix.resource, selector.resource)) {
    return false;
  }
  return true;
}

/** The series matching `selector` (all when omitted), in id order. */
export function selectSeries(registry: SeriesRegistry, selector?: SeriesSelector): SeriesEntry[] {
  const out: SeriesEntry[] = [];
  if (selector?.metric !== undefined) {
    const family = registry.families.get(selector.metric);
    if (family === undefined) return out;
    for (const entry of family.series) if (matchesSelector(entry, selector)) out.push(entry);
    out.sort((a, b) => a.id - b.id);
    return out;
  }
  for (const entry of registry.byId.values()) {
    if (selector === undefined || matchesSelector(entry, selector)) out.push(entry);
  }
  return out;
}
