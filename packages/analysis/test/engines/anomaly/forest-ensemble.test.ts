import { describe, expect, it } from 'vitest';
import { ForestEnsemble } from '../../../src/engines/anomaly/forest-ensemble.js';
import { fitIsolationForest } from '../../../src/engines/anomaly/isolation-forest-model.js';
import { seededRandom } from '../../helpers/seeded-random.js';

function point(random: () => number, centre: number): number[] {
  return [centre + random(), centre + random(), random()];
}

describe('forest ensemble', () => {
  it('fits at 64, 128 and 256 rows, then every refitEvery rows', () => {
    const random = seededRandom(1);
    const ensemble = new ForestEnsemble(3, 50, 100, 1);
    const fitsAt: number[] = [];
    for (let n = 1; n <= 600; n++) {
      const before = ensemble.fits;
      expect(ensemble.ready).toBe(n > 64);
      ensemble.learn(point(random, 0));
      if (ensemble.fits > before) fitsAt.push(n);
    }
    expect(fitsAt).toEqual([64, 128, 256, 356, 456, 556]);
  });

  it('scores an outlier above every ordinary point, NaN before its first fit', () => {
    const random = seededRandom(2);
    const ensemble = new ForestEnsemble(3, 50, 128, 1);
    expect(ensemble.score([0, 0, 0])).toBeNaN();
    for (let n = 0; n < 1500; n++) ensemble.learn(point(random, 0));
    const ordinary = Array.from({ length: 100 }, () => ensemble.score(point(random, 0)));
    expect(ensemble.score([5, -4, 3])).toBeGreaterThan(Math.max(...ordinary));
  });

  it('follows the stream: a new regime stops looking isolated once refits have seen it', () => {
    const random = seededRandom(3);
    const ensemble = new ForestEnsemble(3, 50, 128, 1);
    for (let n = 0; n < 1500; n++) ensemble.learn(point(random, 0));
    const probe = [10.5, 10.5, 0.5];
    const before = ensemble.score(probe);
    for (let n = 0; n < 1500; n++) ensemble.learn(point(random, 10));
    expect(ensemble.score(probe)).toBeLessThan(before - 0.1);
  });

  it('averages normalised path lengths: one member scores as its forest does', () => {
    const random = seededRandom(4);
    const rows = Array.from({ length: 300 }, () => point(random, 0));
    const model = fitIsolationForest(rows, { trees: 10, seed: 1 })!;
    for (const row of [rows[0]!, [4, 4, 4]]) {
      expect(Math.pow(2, -model.pathRatio(row))).toBeCloseTo(model.score(row), 12);
    }
  });
});
