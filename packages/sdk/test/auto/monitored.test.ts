import { ATTR_ACCURACY_ACHIEVED, ATTR_OPERATION_NAME } from '@heterodyne/semconv';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitored } from '../../src/auto/monitored.js';
import { unwrapOperation } from '../../src/operation/monitor-operation.js';
import { installTelemetry, useTelemetry } from '../helpers/telemetry.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/decorated-model.ts', import.meta.url));
const SDK_INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

interface ModelClass {
  new (scale: number): {
    chiSquared(residuals: readonly number[]): number;
    fit(start: number): Promise<number>;
  };
  create(scale: number): InstanceType<ModelClass>;
  prototype: { chiSquared: unknown };
}

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  experimentalDecorators: false,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
  paths: { '@heterodyne/sdk': [SDK_INDEX] },
};

describe('@monitored compiled by TypeScript 5 (standard decorators)', () => {
  let dir: string;
  let Model: ModelClass;
  const { telemetry } = useTelemetry();

  beforeAll(async () => {
    // The source type-checks against the decorator's declared types...
    const program = ts.createProgram([FIXTURE], compilerOptions);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    // ...and TypeScript's decorator emit runs against the implementation.
    const output = ts.transpileModule(readFileSync(FIXTURE, 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
    expect(output).toContain('__esDecorate');
    dir = mkdtempSync(join(tmpdir(), 'heterodyne-decorators-'));
    const file = join(dir, 'decorated-model.mjs');
    writeFileSync(file, output.replace("'@heterodyne/sdk'", JSON.stringify(SDK_INDEX)));
    ({ CorrelationModel: Model } = (await import(pathToFileURL(file).href)) as {
      CorrelationModel: ModelClass;
    });
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('monitors decorated methods with the given or default names, keeping this', async () => {
    const model = Model.create(2);
    expect(model.chiSquared([1, 2])).toBe(10);
    await expect(model.fit(4)).resolves.toBe(8);
    expect(telemetry.spans().map((s) => s.attributes[ATTR_OPERATION_NAME])).toEqual([
      'model_create',
      'chi_squared_calculation',
      'fit',
    ]);
    expect(telemetry.span('chi_squared_calculation').attributes[ATTR_ACCURACY_ACHIEVED]).toBe(1);
  });

  it('keeps the undecorated method reachable', () => {
    const original = unwrapOperation(
      Model.prototype.chiSquared as (residuals: readonly number[]) => number,
    );
    expect(original).not.toBe(Model.prototype.chiSquared);
    expect(original.call(new Model(1), [3])).toBe(9);
    expect(telemetry.spans()).toHaveLength(0);
  });
});

describe('monitored', () => {
  const context = (kind: string, name: string | symbol): ClassMethodDecoratorContext =>
    ({ kind, name, static: false, private: false }) as unknown as ClassMethodDecoratorContext;

  it('throws when the class is defined with invalid options, naming the option', () => {
    expect(() => monitored({ expectedAccuracy: 2 })(() => 1, context('method', 'm'))).toThrow(
      '@monitored("m"): options.expectedAccuracy must be a number in [0, 1]; got 2',
    );
  });

  it('refuses to decorate anything but a method', () => {
    expect(() => monitored()(() => 1, context('getter', 'g'))).toThrow(
      '@monitored applies to methods; it was used on a getter',
    );
  });

  it('names symbol-keyed methods after the symbol description', async () => {
    const telemetry = installTelemetry();
    try {
      const wrapped = monitored()(() => 1, context('method', Symbol('compute')));
      wrapped.call(undefined);
      expect(telemetry.spans().map((s) => s.name)).toEqual(['compute']);
    } finally {
      await telemetry.uninstall();
    }
  });
});
