import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { Resource, ResourceDetector } from '@opentelemetry/resources';
import type { MonitoringConfig } from './types.js';

/** Detectors run by default: host (`host.name`, `host.arch`, `host.id`), OS and process. */
export const DEFAULT_RESOURCE_DETECTORS: readonly ResourceDetector[] = [
  hostDetector,
  osDetector,
  processDetector,
];

/**
 * Builds the resource both providers report, lowest precedence first: the SDK defaults
 * (`service.name=unknown_service:<argv0>`, `telemetry.sdk.*`), then detected attributes, then
 * `OTEL_RESOURCE_ATTRIBUTES` / `OTEL_SERVICE_NAME` and explicit options (already merged in
 * `config.resourceAttributes`). The env detector of `@opentelemetry/resources` is not run:
 * the config resolution has read those variables already.
 */
export function createMonitoringResource(
  config: MonitoringConfig,
  detectors: readonly ResourceDetector[] = DEFAULT_RESOURCE_DETECTORS,
): Resource {
  return defaultResource()
    .merge(detectResources({ detectors: [...detectors] }))
    .merge(resourceFromAttributes(config.resourceAttributes));
}
