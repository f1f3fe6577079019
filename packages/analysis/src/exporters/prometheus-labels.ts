/**
 * OTel attributes as Prometheus labels (OTel "Prometheus and OpenMetrics Compatibility",
 * "Metric Attributes" and "Resource Attributes"): sanitized names, `;`-joined values for keys
 * that sanitize alike, non-string values as `any-value-text.ts` writes them, and `job`/`instance` from the `service.*`
 * resource attributes.
 */
import type { AttributeValue, Attributes } from '../otlp/model.js';
import { anyValueText } from './any-value-text.js';
import { sanitizeLabelName } from '@heterodyne/semconv';

/** Resource attribute that becomes (part of) `job`. */
export const SERVICE_NAME = 'service.name';
/** Resource attribute that prefixes `job` (`namespace/name`). */
export const SERVICE_NAMESPACE = 'service.namespace';
/** Resource attribute that becomes `instance`. */
export const SERVICE_INSTANCE_ID = 'service.instance.id';

/** Labels the translation adds itself; attributes with these names become `exported_<name>`. */
const RESERVED = new Set([
  'job',
  'instance',
  'le',
  'quantile',
  'otel_scope_name',
  'otel_scope_version',
  'otel_resource_hash',
]);

/**
 * An attribute value as label text, by the specification's rules for non-OTLP formats
 * (see `any-value-text.ts`): strings as is, bytes as base64, arrays and maps as JSON.
 */
export function labelValue(value: AttributeValue): string {
  return anyValueText(value);
}

/** Sanitized label names by attribute key (keys repeat on every point). */
const labelNames = new Map<string, string>();

function labelNameOf(key: string): string {
  let name = labelNames.get(key);
  if (name === undefined) {
    name = sanitizeLabelName(key);
    if (RESERVED.has(name)) name = `exported_${name}`;
    // Attribute keys are few; the bound only guards against misuse.
    if (labelNames.size < 10_000) labelNames.set(key, name);
  }
  return name;
}

/**
 * Attributes as labels. Keys that sanitize to the same name are merged with `;` in the
 * lexicographic order of the original keys; reserved names get the `exported_` prefix.
 * (Sanitizing collapses `__`, so no attribute can produce a reserved `__` label.)
 */
export function attributeLabels(attributes: Attributes): [string, string][] {
  const out: [string, string][] = [];
  for (const key of Object.keys(attributes)) {
    const name = labelNameOf(key);
    if (name === '') continue;
    for (const [taken] of out) if (taken === name) return mergedLabels(attributes);
    out.push([name, labelValue(attributes[key] as AttributeValue)]);
  }
  return out;
}

/** The slow path of {@link attributeLabels}, for attributes whose keys collide. */
function mergedLabels(attributes: Attributes): [string, string][] {
  const byName = new Map<string, [string, string][]>();
  for (const key of Object.keys(attributes)) {
    const name = labelNameOf(key);
    if (name === '') continue;
    const entry: [string, string] = [key, labelValue(attributes[key] as AttributeValue)];
    const list = byName.get(name);
    if (list) list.push(entry);
    else byName.set(name, [entry]);
  }
  const out: [string, string][] = [];
  for (const [name, list] of byName) {
    list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    out.push([name, list.map(([, v]) => v).join(';')]);
  }
  return out;
}

/** `job` (`service.namespace/service.name`) and `instance` (`service.instance.id`) labels. */
export function resourceLabels(attributes: Attributes): [string, string][] {
  const name = attributes[SERVICE_NAME];
  const namespace = attributes[SERVICE_NAMESPACE];
  const instance = attributes[SERVICE_INSTANCE_ID];
  const out: [string, string][] = [];
  if (name !== undefined && name !== '') {
    const job =
      namespace !== undefined && namespace !== ''
        ? `${labelValue(namespace)}/${labelValue(name)}`
        : labelValue(name);
    out.push(['job', job]);
  }
  if (instance !== undefined && instance !== '') out.push(['instance', labelValue(instance)]);
  return out;
}
