/**
 * Resource identity in the Prometheus scrape: `job` (`service.namespace/service.name`) and
 * `instance` (`service.instance.id`) per resource, one `target_info` sample per resource, and
 * a distinguishing label for resources whose `job`/`instance` another resource already holds
 * (see {@link RESOURCE_HASH_LABEL}).
 */
import { createHash } from 'node:crypto';
import {
  attributeLabels,
  resourceLabels,
  SERVICE_INSTANCE_ID,
  SERVICE_NAME,
  SERVICE_NAMESPACE,
} from './prometheus-labels.js';
import type { MetricFamily } from './prometheus-text.js';
import type { Attributes } from '../otlp/model.js';
import { canonicalKey, labelsBody } from './prometheus-label-text.js';

/**
 * Label that tells apart resources whose `job` and `instance` would be the same: 16 hex
 * digits of a SHA-256 of all the resource's attributes, stable across scrapes and restarts.
 */
export const RESOURCE_HASH_LABEL = 'otel_resource_hash';
/** Name of the resource metadata family. */
export const TARGET_INFO = 'target_info';

/** How one resource is labelled. */
export interface ResourceView {
  /** `job`, `instance` and, when needed, the resource hash. */
  target: [string, string][];
  /** The target_info sample's labels, or undefined when the resource has no other attributes. */
  infoLabels: [string, string][] | undefined;
  /** The same as label text (`''` when undefined). */
  info: string;
}

/** The `job`/`instance` labels of a target_info sample of the service's own families. */
function ownTargetKeys(own: readonly MetricFamily[]): Set<string> {
  const out = new Set<string>();
  for (const family of own) {
    if (family.name !== TARGET_INFO) continue;
    for (const sample of family.samples) {
      const target = sample.labels.filter(([n]) => n === 'job' || n === 'instance');
      out.add(JSON.stringify(target));
    }
  }
  return out;
}

/** The resources of one scrape, in the order they are first asked for. */
export interface ResourceIdentity {
  /** The labels of a resource (equal attribute sets share one view). */
  viewOf(attributes: Attributes): ResourceView;
  /** Every resource seen so far, first seen first. */
  views(): IterableIterator<ResourceView>;
}

/**
 * Resource identity for one scrape. The resources of the service's own families (`own`)
 * hold their `job`/`instance` first; then each resource claims its pair when first asked
 * for, and a resource whose pair is taken gets {@link RESOURCE_HASH_LABEL}.
 */
export function createResourceIdentity(own: readonly MetricFamily[]): ResourceIdentity {
  const claimed = ownTargetKeys(own);
  const resources = new Map<string, ResourceView>();
  const byObject = new Map<Attributes, ResourceView>();
  const viewOf = (attributes: Attributes): ResourceView => {
    let view = byObject.get(attributes);
    if (view !== undefined) return view;
    const key = canonicalKey(attributes);
    view = resources.get(key);
    if (view === undefined) {
      const target = resourceLabels(attributes);
      const targetKey = JSON.stringify(target);
      if (claimed.has(targetKey)) {
        const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
        target.push([RESOURCE_HASH_LABEL, hash]);
      } else {
        claimed.add(targetKey);
      }
      const others: Attributes = {};
      let hasOthers = false;
      for (const [k, v] of Object.entries(attributes)) {
        if (k === SERVICE_NAME || k === SERVICE_NAMESPACE || k === SERVICE_INSTANCE_ID) continue;
        others[k] = v;
        hasOthers = true;
      }
      const infoLabels = hasOthers ? [...target, ...attributeLabels(others)] : undefined;
      view = { target, infoLabels, info: infoLabels ? labelsBody(infoLabels) : '' };
      resources.set(key, view);
    }
    byObject.set(attributes, view);
    return view;
  };

  return { viewOf, views: () => resources.values() };
}
