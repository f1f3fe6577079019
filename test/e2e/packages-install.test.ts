/**
 * The packages as someone else's application gets them: `npm pack` of each workspace
 * package (its `prepack` builds it), the tarballs checked for what a published package must
 * carry, then installed into a fresh application outside this repository whose SDK quick
 * start and ES-module auto-instrumentation export into a running analysis service.
 *
 * Installing needs the npm registry or npm's cache (filled by `npm ci`); `--prefer-offline`
 * keeps it to the cache when it can.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ATTR_OPERATION_NAME, METRIC_OPERATION_DURATION } from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { countOf, samplesOf, seriesOf } from './helpers/api.js';
import { useCleanup } from './helpers/cleanup.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGES = ['semconv', 'sdk', 'node', 'dashboards', 'analysis'] as const;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const cleanup = useCleanup();

interface Packed {
  /** Workspace folder name. */
  name: (typeof PACKAGES)[number];
  tarball: string;
}

/** Packs every workspace package into `dir` (each `prepack` builds first). */
async function packAll(dir: string): Promise<Packed[]> {
  await mkdir(dir, { recursive: true });
  const workspaces = PACKAGES.flatMap((p) => ['-w', `packages/${p}`]);
  const { stdout } = await run(NPM, ['pack', ...workspaces, '--pack-destination', dir, '--json'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  const reports = JSON.parse(stdout) as { filename: string; name: string }[];
  return reports.map((r) => ({
    name: r.name.replace('@heterodyne/', '') as Packed['name'],
    tarball: join(dir, r.filename),
  }));
}

/** Unpacks a tarball into `dir` and returns its `package/` folder. */
async function unpack(tarball: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', dir]);
  return join(dir, 'package');
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out;
}

/** Sources named by the tarball's source maps that the tarball does not contain. */
async function unresolvedSources(root: string, files: readonly string[]): Promise<string[]> {
  const present = new Set(files);
  const missing: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(await readFile(join(root, file), 'utf8')) as {
      sources: string[];
      sourceRoot?: string;
    };
    for (const source of map.sources) {
      const resolved = posix.normalize(
        posix.join(posix.dirname(file), map.sourceRoot ?? '', source),
      );
      if (!present.has(resolved)) missing.push(`${file} -> ${source}`);
    }
  }
  return missing;
}

describe('the packages, packed and installed into an application outside this repository', () => {
  it('packs tarballs with LICENSE, repository and built code, no build info, source maps that resolve, and installs them into a working application', async () => {
    const { dir, remove } = await tempDir('heterodyne-pack-');
    cleanup.push(remove);
    const packed = await packAll(join(dir, 'tarballs'));
    expect(packed.map((p) => p.name).sort()).toEqual([...PACKAGES].sort());

    for (const { name, tarball } of packed) {
      const root = await unpack(tarball, join(dir, 'unpacked', name));
      const files = await listFiles(root);
      expect(files, name).toContain('LICENSE');
      expect(files, name).toContain('README.md');
      expect(files, name).toContain('dist/index.js');
      expect(files, name).toContain('dist/index.d.ts');
      expect(
        files.filter((f) => f.includes('tsbuildinfo')),
        name,
      ).toEqual([]);
      expect(
        files.filter((f) => f.startsWith('test/')),
        name,
      ).toEqual([]);
      expect(await unresolvedSources(root, files), name).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        license?: string;
        repository?: { url?: string; directory?: string };
      };
      expect(manifest.license, name).toBe('Apache-2.0');
      expect(manifest.repository?.url, name).toMatch(/^git\+https:\/\//);
      expect(manifest.repository?.directory, name).toBe(`packages/${name}`);
    }
    const analysisFiles = await listFiles(join(dir, 'unpacked', 'analysis', 'package'));
    expect(analysisFiles).toContain('bin/heterodyne-monitor.js');

    // A fresh application installs the SDK side from the tarballs.
    const app = join(dir, 'app');
    await mkdir(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'xpcs-app', version: '1.0.0', private: true, type: 'module' }),
    );
    const tarballOf = (name: string): string =>
      (packed.find((p) => p.name === name) as Packed).tarball;
    await run(
      NPM,
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        tarballOf('semconv'),
        tarballOf('sdk'),
        tarballOf('node'),
        '@opentelemetry/api@1.9.0',
      ],
      { cwd: app, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
    );

    const t = await startTestService({ store: sqliteUrl(dir) });
    cleanup.push(t.stop);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      OTEL_EXPORTER_OTLP_ENDPOINT: t.addresses.otlpHttp,
    };

    // The quick start: explicit instrumentation, and no shutdown() (flushed on exit).
    writeFileSync(
      join(app, 'quick-start.mjs'),
      [
        "import { startMonitoring } from '@heterodyne/node';",
        "import { monitorOperation } from '@heterodyne/sdk';",
        "startMonitoring({ serviceName: 'packaged-quick-start' });",
        'const chiSquared = monitorOperation(',
        "  'chi_squared_calculation',",
        '  (model, data) => model.reduce((s, m, i) => s + (m - data[i]) ** 2, 0),',
        '  { expectedAccuracy: 0.999 },',
        ');',
        'for (let i = 0; i < 3; i++) chiSquared([1, 2, 3], [1, 2, 3 + i]);',
      ].join('\n'),
    );
    // ES-module auto-instrumentation through the public preload.
    writeFileSync(join(app, 'analysis.mjs'), 'export function fitClassical(x) { return x * 2; }\n');
    writeFileSync(
      join(app, 'telemetry.mjs'),
      [
        "import { fileURLToPath } from 'node:url';",
        "import { HeterodyneInstrumentation, startMonitoring } from '@heterodyne/node';",
        "const file = fileURLToPath(new URL('./analysis.mjs', import.meta.url));",
        'startMonitoring({',
        "  serviceName: 'packaged-auto',",
        "  instrumentations: [new HeterodyneInstrumentation({ modules: [{ name: file, functions: ['fitClassical'] }] })],",
        '});',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'main.mjs'),
      "import { fitClassical } from './analysis.mjs';\nfor (let i = 0; i < 4; i++) fitClassical(i);\n",
    );
    const quick = await run(process.execPath, ['quick-start.mjs'], { cwd: app, env });
    expect(quick.stderr).toBe('');
    const auto = await run(
      process.execPath,
      ['--import', '@heterodyne/node/register', '--import', './telemetry.mjs', 'main.mjs'],
      { cwd: app, env },
    );
    expect(auto.stderr).toBe('');

    const api = t.addresses.api;
    const observations = async (service: string, operation: string): Promise<number> => {
      let count = 0;
      for (const s of await seriesOf(api, METRIC_OPERATION_DURATION)) {
        if (s.resource['service.name'] !== service) continue;
        if (s.attributes[ATTR_OPERATION_NAME] !== operation) continue;
        if (s.scope === '@heterodyne/analysis/span-metrics') continue;
        count += countOf(await samplesOf(api, s.id));
      }
      return count;
    };
    // Each child flushed before exiting and the receiver answered after storing.
    expect(await observations('packaged-quick-start', 'chi_squared_calculation')).toBe(3);
    expect(await observations('packaged-auto', 'fitClassical')).toBe(4);
  }, 600_000);
});
