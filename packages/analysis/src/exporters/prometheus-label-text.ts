/**
 * Label text of the streamed Prometheus scrape, cached where it repeats: the attribute labels
 * of each series (kept as long as the series' attributes object lives), canonical keys of
 * resources, and the `le` labels of interned bucket bounds.
 */
import { attributeLabels } from './prometheus-labels.js';
import { escapeLabelValue, formatPrometheusValue } from './prometheus-text.js';
import type { Attributes } from '../otlp/model.js';

const QUANTILE = 'quantile';

/** Rendered attribute labels (`a="x",b="y"`) by attributes object: series keep theirs. */
const attributeBodies = new WeakMap<Attributes, string>();
/** Canonical keys of resource attribute objects. */
const resourceKeys = new WeakMap<Attributes, string>();
/** `le="..."` labels by (interned) bounds array. */
const leLabels = new WeakMap<readonly number[], string[]>();

/** `name="value",...` with values escaped. */
export function labelsBody(labels: readonly (readonly [string, string])[]): string {
  let out = '';
  for (const [name, value] of labels) {
    if (out !== '') out += ',';
    out += `${name}="${escapeLabelValue(value)}"`;
  }
  return out;
}

/**
 * The attribute labels of a series as text; with `skipQuantile`, without its `quantile`
 * attribute (summary quantile series, not cached).
 */
export function attributeBody(attributes: Attributes, skipQuantile: boolean): string {
  if (skipQuantile) {
    const rest: Attributes = {};
    for (const [k, v] of Object.entries(attributes)) if (k !== QUANTILE) rest[k] = v;
    return labelsBody(attributeLabels(rest));
  }
  let body = attributeBodies.get(attributes);
  if (body === undefined) {
    body = labelsBody(attributeLabels(attributes));
    attributeBodies.set(attributes, body);
  }
  return body;
}

/** A key equal for equal resource attribute sets, whatever their key order. */
export function canonicalKey(attributes: Attributes): string {
  let key = resourceKeys.get(attributes);
  if (key === undefined) {
    key = JSON.stringify(
      Object.keys(attributes)
        .sort()
        .map((k) => [k, attributes[k]]),
    );
    resourceKeys.set(attributes, key);
  }
  return key;
}

/** The `le="..."` labels of bucket bounds. */
export function lesOf(bounds: readonly number[]): string[] {
  let les = leLabels.get(bounds);
  if (les === undefined) {
    les = bounds.map((b) => `le="${formatPrometheusValue(b)}"`);
    if (Object.isFrozen(bounds)) leLabels.set(bounds, les);
  }
  return les;
}

/** `{body}`, or nothing for no labels. */
export function braces(body: string): string {
  return body === '' ? '' : `{${body}}`;
}
