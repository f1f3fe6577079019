/**
 * The `store` component: opens the persistent store, the series store restored from its
 * checkpoint and the ingest pipeline (see `openServiceCore`); closes the store at shutdown.
 */
import type { AnalysisConfig } from '../config/types.js';
import type { Component } from './component.js';
import { openServiceCore } from './service-core.js';
import type { ServiceCore, ServiceCoreOptions } from './service-core.js';

/** The core component; `core()` is usable once started. */
export interface CoreComponent extends Component {
  /** The opened core. Throws before `start()` resolved. */
  core(): ServiceCore;
  /** Whether `start()` resolved. */
  readonly opened: boolean;
}

/** Options of {@link createCoreComponent}. */
export interface CoreComponentOptions extends ServiceCoreOptions {
  /** Called once the core is open, before later components start. */
  onOpen?: (core: ServiceCore) => void;
}

/** Creates the core component for `config`. */
export function createCoreComponent(
  config: AnalysisConfig,
  options: CoreComponentOptions,
): CoreComponent {
  let core: ServiceCore | undefined;
  return {
    name: 'store',
    get opened() {
      return core !== undefined;
    },
    core() {
      if (!core) throw new Error('store: not open');
      return core;
    },
    async start() {
      core = await openServiceCore(config, options);
      options.onOpen?.(core);
    },
    async shutdown() {
      await core?.close();
    },
    report() {
      return core
        ? { backend: core.store.backend, restoredSeries: core.restoredSeries }
        : undefined;
    },
  };
}
