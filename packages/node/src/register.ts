/**
 * Registers the ES-module loader hook that lets OpenTelemetry instrumentations (including
 * `HeterodyneInstrumentation`) patch ES modules as they are imported. Load it before the
 * application, with the instrumentation set up in a second preload or at the top of the
 * entry point:
 *
 * ```sh
 * node --import @heterodyne/node/register --import ./telemetry.mjs app.mjs
 * ```
 *
 * CommonJS modules need no hook. Importing this module twice registers the hook once.
 */
import { register } from 'node:module';

const REGISTERED = Symbol.for('@heterodyne/node.esm-hook-registered');
const state = globalThis as { [REGISTERED]?: boolean };
if (state[REGISTERED] !== true) {
  state[REGISTERED] = true;
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
}
