/**
 * The folder boundary of the engines, enforced by the repository's ESLint configuration:
 * engines never import the receivers, the service layer, the API, the CLI or the store
 * drivers. Lints source text as if it were a file under `src/engines/`.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

async function restrictedImports(source: string, file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(source, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message.split("'")[1] ?? m.message);
}

describe('engine import boundaries', () => {
  it('refuses receivers, service, api, cli and the store drivers in engines (value and type imports)', async () => {
    const source = [
      "import { createOtlpHttpReceiver } from '../receivers/otlp-http-receiver.js';",
      "import type { ServiceLogger } from '../../service/logger.js';",
      "import { route } from '../api/routes.js';",
      "import { runCli } from '../cli/run-cli.js';",
      "import { openSqliteStore } from '../store/sqlite-store.js';",
      "import { openPostgresStore } from '../store/postgres-store.js';",
      "import { openStore } from '../store/open-store.js';",
      'export const all = [createOtlpHttpReceiver, route, runCli, openSqliteStore, openPostgresStore, openStore];',
      'export type Logger = ServiceLogger;',
      '',
    ].join('\n');
    expect(await restrictedImports(source, 'packages/analysis/src/engines/slo/bad.ts')).toEqual([
      '../receivers/otlp-http-receiver.js',
      '../../service/logger.js',
      '../api/routes.js',
      '../cli/run-cli.js',
      '../store/sqlite-store.js',
      '../store/postgres-store.js',
      '../store/open-store.js',
    ]);
  });

  it('allows the series store, the per-domain store interfaces and engine-local modules', async () => {
    const source = [
      "import type { SloHistoryStore } from '../store/types.js';",
      "import type { SeriesSelector } from '../series/types.js';",
      "import type { Engine } from './engine.js';",
      'export type Used = SloHistoryStore | SeriesSelector | Engine;',
      '',
    ].join('\n');
    expect(await restrictedImports(source, 'packages/analysis/src/engines/ok.ts')).toEqual([]);
  });

  it('leaves the service free to import the engines and the drivers', async () => {
    const source = [
      "import { openStore } from '../store/open-store.js';",
      "import { createEngines } from '../engines/registry.js';",
      'export const used = [openStore, createEngines];',
      '',
    ].join('\n');
    expect(await restrictedImports(source, 'packages/analysis/src/service/ok.ts')).toEqual([]);
  });
});
