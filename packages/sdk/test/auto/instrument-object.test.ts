import { ATTR_OPERATION_NAME } from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { instrumentObject } from '../../src/auto/instrument-object.js';
import { isMonitored, monitorOperation } from '../../src/operation/monitor-operation.js';
import * as analysis from '../fixtures/analysis-namespace.js';
import { useTelemetry } from '../helpers/telemetry.js';

class Fitter {
  constructor(readonly offset: number) {}
  fit(x: number): number {
    return x + this.offset;
  }
  residual(x: number): number {
    return x - this.offset;
  }
  get label(): string {
    return 'fitter';
  }
}

describe('instrumentObject', () => {
  const { telemetry } = useTelemetry();

  const names = (): unknown[] => telemetry.spans().map((s) => s.attributes[ATTR_OPERATION_NAME]);

  it('patches the named methods of a plain object in place and undoes the patch', () => {
    const original = (x: number): number => x * 2;
    const other = (): number => 0;
    const target = { double: original, other, value: 3 };
    const handle = instrumentObject(target, { methods: ['double'] });
    expect(handle.target).toBe(target);
    expect(handle.methods).toEqual(['double']);
    expect(target.double(4)).toBe(8);
    expect(target.other()).toBe(0);
    expect(names()).toEqual(['double']);
    handle.undo();
    expect(target.double).toBe(original);
    expect(target.other).toBe(other);
  });

  it('patches prototype methods of a class, named after the class, for every instance', () => {
    const fit = Fitter.prototype.fit;
    const handle = instrumentObject(Fitter);
    expect([...handle.methods].sort()).toEqual(['fit', 'residual']);
    const a = new Fitter(1);
    expect(a.fit(1)).toBe(2);
    expect(new Fitter(5).residual(5)).toBe(0);
    expect(a.label).toBe('fitter');
    expect(names()).toEqual(['Fitter.fit', 'Fitter.residual']);
    handle.undo();
    expect(Fitter.prototype.fit).toBe(fit);
    a.fit(1);
    expect(telemetry.spans()).toHaveLength(2);
  });

  it('selects methods with include and names them with a prefix', () => {
    const handle = instrumentObject(Fitter, { include: /^fi/, prefix: 'model' });
    try {
      new Fitter(0).fit(1);
      new Fitter(0).residual(1);
      expect(names()).toEqual(['model.fit']);
    } finally {
      handle.undo();
    }
  });

  it('patches an inherited method on an instance as an own property and deletes it on undo', () => {
    const fitter = new Fitter(2);
    const handle = instrumentObject(fitter, {
      methods: ['fit'],
      operation: { optimizationMethod: 'scenario' },
    });
    expect(Object.hasOwn(fitter, 'fit')).toBe(true);
    expect(fitter.fit(1)).toBe(3);
    expect(new Fitter(2).fit(1)).toBe(3);
    expect(telemetry.spans()).toHaveLength(1);
    handle.undo();
    expect(Object.hasOwn(fitter, 'fit')).toBe(false);
    expect(fitter.fit).toBe(Fitter.prototype.fit);
  });

  it('returns an instrumented copy of a module namespace, which cannot be patched', () => {
    const handle = instrumentObject(analysis, { include: (name) => name !== 'fitLine' });
    expect(handle.target).not.toBe(analysis);
    expect(handle.methods).toEqual(['chiSquared']);
    expect(handle.target.chiSquared([2, 4], [1, 2])).toBe(3); // (1)²/1 + (2)²/2
    expect(handle.target.fitLine([1])).toBe(1);
    expect(handle.target.VERSION_LABEL).toBe('fixture');
    expect(handle.target.Helper).toBe(analysis.Helper); // classes are not wrapped
    expect(isMonitored(analysis.chiSquared)).toBe(false);
    expect(names()).toEqual(['chiSquared']);
    handle.undo();
  });

  it('copies a native module namespace (node:path) and leaves it untouched', async () => {
    const path = await import('node:path');
    expect(Object.prototype.toString.call(path)).toBe('[object Module]');
    const handle = instrumentObject(path, { methods: ['join'] });
    expect(handle.target.join('a', 'b')).toBe(path.join('a', 'b'));
    expect(handle.target.sep).toBe(path.sep);
    expect(isMonitored(path.join)).toBe(false);
    expect(names()).toEqual(['join']);
  });

  it('copies frozen objects instead of patching them', () => {
    const frozen = Object.freeze({ f: (x: number) => x });
    const handle = instrumentObject(frozen);
    expect(handle.target).not.toBe(frozen);
    expect(handle.target.f(2)).toBe(2);
    expect(names()).toEqual(['f']);
  });

  it('gives a class with a frozen prototype back as a monitored subclass', () => {
    class Frozen {
      static kind = 'model';
      constructor(readonly offset: number) {}
      fit(x: number): number {
        return x + this.offset;
      }
    }
    Object.freeze(Frozen.prototype);
    const handle = instrumentObject(Frozen);
    expect(handle.methods).toEqual(['fit']);
    const Monitored = handle.target;
    const model = new Monitored(2);
    expect(model.fit(3)).toBe(5);
    expect(model).toBeInstanceOf(Frozen);
    expect(Monitored.kind).toBe('model');
    expect(Monitored.name).toBe('Frozen');
    expect(isMonitored(Frozen.prototype.fit)).toBe(false);
    expect(names()).toEqual(['Frozen.fit']);
  });

  it('skips functions that are already monitored', () => {
    const target = { f: monitorOperation('already', () => 1), g: () => 2 };
    const handle = instrumentObject(target);
    expect(handle.methods).toEqual(['g']);
    target.f();
    expect(names()).toEqual(['already']);
  });

  it('leaves a method replaced after patching alone on undo', () => {
    const target = { f: (): number => 1 };
    const handle = instrumentObject(target);
    const replacement = (): number => 2;
    target.f = replacement;
    handle.undo();
    expect(target.f).toBe(replacement);
  });

  it.each([
    [
      { methods: ['missing'] },
      'options.methods names "missing", which is not a function of the target',
    ],
    [{ methods: ['f'], include: /f/ }, 'options.methods and options.include cannot be combined'],
    [{ include: 'f' }, 'options.include must be a RegExp or a function'],
    [
      { methods: ['f'], operation: { sampleRate: 0.5 } },
      'instrumentObject("f"): options.sampleRate applies only with',
    ],
  ])('throws for %o', (options, message) => {
    expect(() => instrumentObject({ f: () => 1 }, options as never)).toThrow(message);
  });

  it('throws when a named method cannot be patched, leaving earlier patches undone', () => {
    const f = (): number => 1;
    const target = { f };
    Object.defineProperty(target, 'locked', {
      value: () => 2,
      writable: false,
      configurable: false,
    });
    expect(() => instrumentObject(target, { methods: ['f', 'locked'] })).toThrow(
      'method "locked" cannot be patched',
    );
    expect(target.f).toBe(f);
  });
});
