/**
 * The `api` component: the HTTP JSON API (and the API-served Prometheus scrape). Started
 * before the receivers and shut down after them, so status and readiness stay answerable
 * while the ingest queue drains.
 */
import { createApiServer } from '../api/api-server.js';
import type { ApiServer } from '../api/api-server.js';
import type { ApiBackend } from '../api/types.js';
import type { ApiConfig } from '../config/types.js';
import type { Component } from './component.js';
import type { ServiceLogger } from './logger.js';

/** Options of {@link createApiComponent}. */
export interface ApiComponentOptions {
  config: ApiConfig;
  /** Builds the backend once the parts it reads are open. */
  backend: () => ApiBackend;
  /** The path to serve the Prometheus scrape at; false for none. */
  metricsPath: string | false;
  logger: ServiceLogger;
  /**
   * Whether the API server listens. False only builds the backend (the embedded monitor
   * reads it in-process). @default true
   */
  listen?: boolean;
}

/** The API component; `url` is set once listening. */
export interface ApiComponent extends Component {
  readonly url: string | undefined;
  /** The backend, once started. */
  backend(): ApiBackend | undefined;
}

/** Creates the API component. */
export function createApiComponent(options: ApiComponentOptions): ApiComponent {
  const { config, logger } = options;
  let server: ApiServer | undefined;
  let backend: ApiBackend | undefined;
  let url: string | undefined;
  return {
    name: 'api',
    get url() {
      return url;
    },
    backend: () => backend,
    async start() {
      backend = options.backend();
      if (options.listen === false) return;
      const api = createApiServer({
        backend,
        host: config.listen.host,
        port: config.listen.port,
        apiTokens: (config.auth?.roleTokens ?? []).map((t) => ({
          token: t.secret.reveal(),
          role: t.role,
          name: t.name,
        })),
        metricsPath: options.metricsPath,
        onError: (error, request) => logger.error('API request failed', { ...request, error }),
      });
      try {
        url = (await api.start()).url;
      } catch (error) {
        throw new Error(
          `api: cannot listen on ${config.listen.endpoint}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      server = api;
    },
    async shutdown() {
      await server?.shutdown();
    },
    report: () => (url === undefined ? undefined : { url }),
  };
}
