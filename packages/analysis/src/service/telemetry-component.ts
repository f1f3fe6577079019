/**
 * The `telemetry` component: the service's own metrics and the metrics exporters. Started
 * first (so every later part can record) and shut down last (so the final export includes
 * the final checkpoint's store timings).
 */
import type { Telemetry } from '../telemetry/create-telemetry.js';
import type { Component } from './component.js';

/** The telemetry component; `ownEndpoints` is set once started. */
export interface TelemetryComponent extends Component {
  readonly telemetry: Telemetry;
  /** The Prometheus exporters' own endpoints, once started. */
  readonly ownEndpoints: readonly { id: string; host: string; port: number }[];
}

/** Options of {@link createTelemetryComponent}. */
export interface TelemetryComponentOptions {
  /**
   * Releases instruments that run on their own (the durability metrics' event-loop monitor),
   * called before the final export. @default none
   */
  beforeShutdown?: () => void;
}

/** Wraps created (not started) telemetry. */
export function createTelemetryComponent(
  telemetry: Telemetry,
  options: TelemetryComponentOptions = {},
): TelemetryComponent {
  let ownEndpoints: { id: string; host: string; port: number }[] = [];
  return {
    name: 'telemetry',
    telemetry,
    get ownEndpoints() {
      return ownEndpoints;
    },
    async start() {
      ownEndpoints = await telemetry.start();
    },
    async shutdown() {
      options.beforeShutdown?.();
      await telemetry.shutdown();
    },
  };
}
