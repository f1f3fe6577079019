import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ATTR_ERROR_TYPE,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { DiagLogLevel, SpanStatusCode, diag } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HeterodyneInstrumentation,
  INSTRUMENTATION_VERSION,
} from '../../src/instrumentation/heterodyne-instrumentation.js';
import type { HeterodyneInstrumentationConfig } from '../../src/instrumentation/heterodyne-instrumentation.js';
import { createInMemoryTelemetry } from './in-memory-telemetry.js';
import type { InMemoryTelemetry } from './in-memory-telemetry.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface AnalysisModule {
  chiSquared(observed: number[], expected: number[]): number;
  fitClassical(start: number): Promise<number>;
  METHOD: string;
}

/** Lays out `<dir>/node_modules/my-analysis` (the CommonJS fixture) at `version`. */
function installPackage(dir: string, version: string, main: string, type: string): void {
  const pkg = join(dir, 'node_modules', 'my-analysis');
  mkdirSync(pkg, { recursive: true });
  copyFileSync(join(FIXTURES, main), join(pkg, 'index.js'));
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'my-analysis', version, type, main: 'index.js' }),
  );
}

function isWrapped(fn: unknown): boolean {
  return (fn as { __wrapped?: boolean }).__wrapped === true;
}

describe('HeterodyneInstrumentation (CommonJS)', () => {
  let dir: string;
  let telemetry: InMemoryTelemetry;
  let instrumentation: HeterodyneInstrumentation | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heterodyne-instrumentation-'));
    telemetry = createInMemoryTelemetry(true);
  });
  afterEach(async () => {
    instrumentation?.disable();
    instrumentation = undefined;
    await telemetry.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const load = (): AnalysisModule =>
    createRequire(join(dir, 'app.js'))('my-analysis') as AnalysisModule;
  const create = (config: HeterodyneInstrumentationConfig): HeterodyneInstrumentation =>
    (instrumentation = new HeterodyneInstrumentation(config));

  it('monitors the named functions of a package when it is required', async () => {
    installPackage(dir, '1.2.3', 'analysis-module.cjs', 'commonjs');
    create({
      modules: [
        {
          name: 'my-analysis',
          functions: ['chiSquared', 'fitClassical'],
          operationName: (fn) => `my_analysis.${fn}`,
          options: (fn) =>
            fn === 'fitClassical' ? { optimizationMethod: 'nelder-mead' } : undefined,
        },
      ],
    });
    const analysis = load();
    expect(analysis.chiSquared([2, 4], [1, 2])).toBe(3); // 1/1 + 4/2
    await expect(analysis.fitClassical(8)).resolves.toBe(4);
    await expect(analysis.fitClassical(-1)).rejects.toThrow('start must be positive');
    expect(analysis.METHOD).toBe('classical');
    const spans = telemetry.spans();
    expect(spans.map((s) => s.name)).toEqual([
      'my_analysis.chiSquared',
      'my_analysis.fitClassical',
      'my_analysis.fitClassical',
    ]);
    expect(spans[1]?.attributes[ATTR_OPTIMIZATION_METHOD]).toBe('nelder-mead');
    expect(spans[2]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(spans[2]?.attributes[ATTR_ERROR_TYPE]).toBe('RangeError');
    const duration = (await telemetry.metrics()).get(METRIC_OPERATION_DURATION);
    const names = duration?.dataPoints.map((p) => p.attributes[ATTR_OPERATION_NAME]);
    expect(new Set(names)).toEqual(new Set(['my_analysis.chiSquared', 'my_analysis.fitClassical']));
  });

  it('restores the originals on disable and patches again on enable', () => {
    installPackage(dir, '1.2.3', 'analysis-module.cjs', 'commonjs');
    const inst = create({ modules: [{ name: 'my-analysis', functions: ['chiSquared'] }] });
    const analysis = load();
    expect(isWrapped(analysis.chiSquared)).toBe(true);
    inst.disable();
    expect(isWrapped(analysis.chiSquared)).toBe(false);
    analysis.chiSquared([1], [1]);
    expect(telemetry.spans()).toHaveLength(0);
    inst.enable();
    expect(isWrapped(analysis.chiSquared)).toBe(true);
    analysis.chiSquared([1], [1]);
    expect(telemetry.spans()).toHaveLength(1);
  });

  it('leaves versions outside the configured ranges alone', () => {
    installPackage(dir, '1.2.3', 'analysis-module.cjs', 'commonjs');
    create({
      modules: [{ name: 'my-analysis', functions: ['chiSquared'], versions: ['>=2.0.0'] }],
    });
    const analysis = load();
    expect(isWrapped(analysis.chiSquared)).toBe(false);
    analysis.chiSquared([1], [1]);
    expect(telemetry.spans()).toHaveLength(0);
  });

  it('patches a file outside node_modules named by its absolute path', () => {
    const file = join(dir, 'local-analysis.cjs');
    copyFileSync(join(FIXTURES, 'analysis-module.cjs'), file);
    create({ modules: [{ name: file, functions: ['chiSquared'] }] });
    const analysis = createRequire(join(dir, 'app.js'))(file) as AnalysisModule;
    expect(analysis.chiSquared([3], [1])).toBe(4);
    expect(telemetry.spans().map((s) => s.name)).toEqual(['chiSquared']);
  });

  it('warns about a listed export that is not a function, without throwing', () => {
    installPackage(dir, '1.2.3', 'analysis-module.cjs', 'commonjs');
    const messages: string[] = [];
    diag.setLogger(
      {
        error: (...a: unknown[]) => messages.push(a.join(' ')),
        warn: (...a: unknown[]) => messages.push(a.join(' ')),
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
    );
    try {
      create({
        modules: [{ name: 'my-analysis', functions: ['METHOD', 'missing', 'chiSquared'] }],
      });
      const analysis = load();
      expect(analysis.METHOD).toBe('classical');
      expect(isWrapped(analysis.chiSquared)).toBe(true);
    } finally {
      diag.disable();
    }
    expect(messages.some((m) => m.includes('export METHOD is not a function'))).toBe(true);
    expect(messages.some((m) => m.includes('export missing is not a function'))).toBe(true);
  });

  it('records to the providers given by registerInstrumentations, and follows later changes', async () => {
    installPackage(dir, '1.2.3', 'analysis-module.cjs', 'commonjs');
    const first = createInMemoryTelemetry(false);
    const second = createInMemoryTelemetry(false);
    try {
      const inst = create({ modules: [{ name: 'my-analysis', functions: ['chiSquared'] }] });
      registerInstrumentations({
        instrumentations: [inst],
        tracerProvider: first.tracerProvider,
        meterProvider: first.meterProvider,
      });
      const analysis = load();
      analysis.chiSquared([1], [1]);
      // Providers change after the module was patched: it is re-patched for the new ones.
      inst.setTracerProvider(second.tracerProvider);
      inst.setMeterProvider(second.meterProvider);
      analysis.chiSquared([1], [1]);
      expect(first.spans()).toHaveLength(1);
      expect(second.spans()).toHaveLength(1);
      expect(telemetry.spans()).toHaveLength(0);
      expect((await second.metrics()).get(METRIC_OPERATION_DURATION)).toBeDefined();
    } finally {
      await first.shutdown();
      await second.shutdown();
    }
  });
});

describe('HeterodyneInstrumentation configuration', () => {
  it.each([
    [{}, 'config.modules must be an array'],
    [{ modules: [{ functions: ['f'] }] }, 'config.modules[0].name must be a package name'],
    [
      { modules: [{ name: 'm', functions: [] }] },
      'config.modules[0].functions must be a non-empty array',
    ],
    [
      { modules: [{ name: 'm', functions: ['f', 3] }] },
      'config.modules[0].functions[1] must be a name',
    ],
    [{ modules: [{ name: 'm', functions: ['f'], versions: '1' }] }, 'config.modules[0].versions'],
    [
      { modules: [{ name: 'm', functions: ['f'], options: { sampleRate: 0.5 } }] },
      'config.modules[0].options for f: monitorOperation("f"): options.sampleRate applies only with',
    ],
  ])('throws for %j, naming the field', (config, message) => {
    expect(() => new HeterodyneInstrumentation(config as never)).toThrow(message);
  });

  it('reports the @heterodyne/node version', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect(INSTRUMENTATION_VERSION).toBe(pkg.version);
  });
});

describe('HeterodyneInstrumentation (ES modules, child process with the loader hook)', () => {
  const built = fileURLToPath(
    new URL('../../dist/instrumentation/heterodyne-instrumentation.js', import.meta.url),
  );
  const missing = !existsSync(built);
  if (missing && process.env.CI === 'true') {
    it('needs the built package', () => {
      throw new Error(`${built} is missing: run \`npm run build\` before the tests`);
    });
    return;
  }
  if (missing) console.warn(`SKIPPED: ESM instrumentation test needs ${built} (npm run build)`);

  it.skipIf(missing)('patches an ES module package imported by name, and undoes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heterodyne-esm-'));
    try {
      installPackage(dir, '1.4.0', 'my-analysis.mjs', 'module');
      copyFileSync(join(FIXTURES, 'esm-app.mjs'), join(dir, 'app.mjs'));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        // The package's public preload, as the README tells users to run it.
        ['--import', '@heterodyne/node/register', join(FIXTURES, 'esm-main.mjs'), dir],
        { timeout: 30_000 },
      );
      const result = JSON.parse(stdout) as {
        patched: number;
        unpatched: number;
        repatched: number;
        method: string;
        spans: { name: string; attributes: Record<string, unknown> }[];
      };
      expect([result.patched, result.unpatched, result.repatched]).toEqual([3, 3, 3]);
      expect(result.method).toBe('classical');
      // One span while patched, none while disabled, one after enabling again.
      expect(result.spans.map((s) => s.name)).toEqual(['chiSquared', 'chiSquared']);
      expect(result.spans[0]?.attributes[ATTR_OPERATION_NAME]).toBe('chiSquared');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(missing)(
    'follows a new tracer provider for a module it patched from its constructor',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'heterodyne-esm-'));
      try {
        installPackage(dir, '1.4.0', 'my-analysis.mjs', 'module');
        copyFileSync(join(FIXTURES, 'esm-app.mjs'), join(dir, 'app.mjs'));
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [
            '--import',
            join(FIXTURES, 'esm-register.mjs'),
            join(FIXTURES, 'esm-late-main.mjs'),
            dir,
          ],
          { timeout: 30_000 },
        );
        const result = JSON.parse(stdout) as {
          patchedByConstructor: number;
          global: string[];
          own: string[];
        };
        expect(result.patchedByConstructor).toBe(3);
        // The call before setTracerProvider went to the global provider, the one after it
        // to the instrumentation's own.
        expect(result.global).toEqual(['chiSquared']);
        expect(result.own).toEqual(['chiSquared']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
