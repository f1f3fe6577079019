/** Loopback fixtures for the tests that start the whole analysis service. */
import { createServer } from 'node:net';

/**
 * Service configuration YAML with both OTLP receivers and the API on loopback, the
 * receivers on ephemeral ports, and a SQLite store at `db`.
 */
export function loopbackServiceYaml(db: string, apiPort = 0): string {
  return [
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      http: { endpoint: 127.0.0.1:0 }',
    '      grpc: { endpoint: 127.0.0.1:0 }',
    `api: { endpoint: 127.0.0.1:${apiPort} }`,
    `store: sqlite:${db}`,
    '',
  ].join('\n');
}

/** A loopback port held by another listener, so that a server asked to use it fails. */
export interface OccupiedPort {
  readonly port: number;
  /** Stops listening and frees the port. */
  release(): void;
}

/** Listens on an ephemeral loopback port and keeps it until `release()`. */
export async function occupyLoopbackPort(): Promise<OccupiedPort> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as { port: number };
  return { port, release: () => blocker.close() };
}
