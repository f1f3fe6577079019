/**
 * The lifecycle every part of the service runs under, as the OpenTelemetry Collector's
 * `component.Component`: the service is an ordered list of components, started in order and
 * shut down in reverse, so a part is shut down only after everything depending on it.
 */
import type { ComponentStatus } from '../api/types.js';

/** What a component says of its health (`/api/v1/status`). */
export interface ComponentHealth {
  /** Whether the component does its job now. */
  ok: boolean;
  /** Why not (or a short detail when it does). */
  message?: string;
}

/** A part of the service with a lifecycle. */
export interface Component {
  /** Short name, used in errors and the status (`store`, `receivers`, `api`, ...). */
  readonly name: string;
  /**
   * Starts the component. The error of a failed start names what failed and where; the host
   * then calls `shutdown()` on this component too, so it releases what it opened before
   * failing.
   */
  start(): Promise<void>;
  /**
   * Stops gracefully and releases everything. Called once, also after a failed `start()` or
   * without `start()` when an earlier component failed to start (then: release nothing).
   */
  shutdown(): Promise<void>;
  /** Health now; undefined when the component has nothing to say. */
  health?(): ComponentHealth | undefined;
  /** A JSON-able summary for `/api/v1/status`; undefined when there is none. */
  report?(): Readonly<Record<string, unknown>> | undefined;
}

/** Runs an ordered list of components. */
export interface ComponentHost {
  /** The components, in start order. */
  readonly components: readonly Component[];
  /**
   * Starts each component in order. When one fails, the components started so far and the
   * failing one are shut down in reverse order (their errors ignored) and the promise
   * rejects with the start error.
   */
  start(): Promise<void>;
  /**
   * Shuts down every started component in reverse order, continuing past failures; rejects
   * with an `AggregateError` naming each failed component once all were shut down.
   */
  shutdown(): Promise<void>;
}

/** Creates a host for `components` (start order). */
export function createComponentHost(components: readonly Component[]): ComponentHost {
  /** Components whose `start()` was called (it may have failed), in start order. */
  const attempted: Component[] = [];
  return {
    components,
    async start() {
      for (const component of components) {
        attempted.push(component);
        try {
          await component.start();
        } catch (error) {
          for (const c of [...attempted].reverse()) await c.shutdown().catch(() => undefined);
          attempted.length = 0;
          throw error;
        }
      }
    },
    async shutdown() {
      const errors: Error[] = [];
      for (const component of attempted.reverse()) {
        try {
          await component.shutdown();
        } catch (error) {
          errors.push(
            new Error(
              `${component.name}: ${error instanceof Error ? error.message : String(error)}`,
              { cause: error },
            ),
          );
        }
      }
      attempted.length = 0;
      if (errors.length > 0) {
        throw new AggregateError(errors, `shutdown: ${errors.map(String).join('; ')}`);
      }
    },
  };
}

/** A component's entry in `/api/v1/status`: healthy unless it says otherwise. */
export function componentStatus(component: Component): ComponentStatus {
  const health = component.health?.();
  const report = component.report?.();
  return {
    name: component.name,
    healthy: health?.ok ?? true,
    ...(health?.message === undefined ? {} : { message: health.message }),
    ...(report === undefined ? {} : { report }),
  };
}
