import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalysisService, parseConfig } from '@heterodyne/analysis';
import type { AnalysisService, Clock, ServiceAddresses } from '@heterodyne/analysis';

/** A started service on loopback with every port chosen by the OS. */
export interface TestService {
  service: AnalysisService;
  addresses: ServiceAddresses & { api: string; otlpHttp: string; otlpGrpc: string };
  /** Stops the service (graceful shutdown); idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startTestService}. */
export interface TestServiceOptions {
  /** Store URL. @default a SQLite file in a fresh temporary directory */
  store?: string;
  /** Extra YAML appended to the generated configuration (must not repeat its sections). */
  extraYaml?: string;
  /** YAML of the `processors` section. */
  processorsYaml?: string;
  /** Environment for `${ENV}` references. */
  env?: Record<string, string>;
  /** Lines under `receivers.otlp` after `protocols` (e.g. `auth`). */
  receiverExtraYaml?: string;
  /** Lines under `api` after `endpoint` (e.g. `auth`). */
  apiExtraYaml?: string;
  clock?: Clock;
}

/** The configuration text the harness uses: receivers, API and store on loopback port 0. */
export function testConfigYaml(store: string, options: TestServiceOptions = {}): string {
  return [
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      http:',
    '        endpoint: 127.0.0.1:0',
    '      grpc:',
    '        endpoint: 127.0.0.1:0',
    ...(options.receiverExtraYaml ? [indent(options.receiverExtraYaml, 4)] : []),
    ...(options.processorsYaml ? ['processors:', indent(options.processorsYaml, 2)] : []),
    `store: ${JSON.stringify(store)}`,
    'api:',
    '  endpoint: 127.0.0.1:0',
    ...(options.apiExtraYaml ? [indent(options.apiExtraYaml, 2)] : []),
    options.extraYaml ?? '',
  ].join('\n');
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((l) => (l.trim() === '' ? l : pad + l))
    .join('\n');
}

/** Parses the generated configuration and starts a service with it. */
export async function startTestService(
  options: TestServiceOptions & { store: string },
): Promise<TestService> {
  const parsed = parseConfig(testConfigYaml(options.store, options), {
    file: 'test.yaml',
    env: options.env ?? {},
  });
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
  const service = createAnalysisService(parsed.value, {
    clock: options.clock,
    checkpointIntervalMillis: 0,
  });
  const addresses = await service.start();
  if (!addresses.api || !addresses.otlpHttp || !addresses.otlpGrpc) {
    await service.shutdown();
    throw new Error(`service started without every server: ${JSON.stringify(addresses)}`);
  }
  return {
    service,
    addresses: addresses as TestService['addresses'],
    stop: () => service.shutdown(),
  };
}

/** A fresh temporary directory and its removal. */
export async function tempDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** SQLite store URL of a file in `dir`. */
export function sqliteUrl(dir: string): string {
  return `sqlite:${join(dir, 'heterodyne.db')}`;
}
