import { randomUUID } from 'node:crypto';
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
 * `service.instance.id` of this process when none is configured: one random UUID (version 4)
 * per process, as the semantic conventions suggest, so that two runs of the same service
 * (batch jobs) never report as one.
 */
export const PROCESS_INSTANCE_ID: string = randomUUID();

/**
 * Builds the resource both providers report, lowest precedence first: the SDK defaults
 * (`service.name=unknown_service:<argv0>`, `telemetry.sdk.*`), `service.instance.id` =
 * {@link PROCESS_INSTANCE_ID}, then detected attributes, then
 * `OTEL_RESOURCE_ATTRIBUTES` / `OTEL_SERVICE_NAME` and explicit options (already merged in
 * `config.resourceAttributes`). The env detector of `@opentelemetry/resources` is not run:
 * the config resolution has read those variables already.
 */
export function createMonitoringResource(
  config: MonitoringConfig,
  detectors: readonly ResourceDetector[] = DEFAULT_RESOURCE_DETECTORS,
): Resource {
  return defaultResource()
    .merge(resourceFromAttributes({ 'service.instance.id': PROCESS_INSTANCE_ID }))
    .merge(detectResources({ detectors: [...detectors] }))
    .merge(resourceFromAttributes(config.resourceAttributes));
}
