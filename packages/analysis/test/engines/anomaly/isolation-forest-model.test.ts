import { describe, expect, it } from 'vitest';
import { fitIsolationForest } from '../../../src/engines/anomaly/isolation-forest-model.js';
import { seededRandom } from '../../helpers/seeded-random.js';

function cloud(n: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => [random(), random(), random() * 10]);
}

describe('isolation forest model', () => {
  it('scores exactly as the package predicts, through its flattened trees', () => {
    const model = fitIsolationForest(cloud(400, 1), { trees: 30, seed: 7 });
    expect(model?.rows).toBe(256);
    for (const row of [...cloud(50, 2), [5, 5, 50], [0.5, 0.5, 5]]) {
      expect(model!.score(row)).toBeCloseTo(model!.scoreWithPackage(row), 12);
    }
  });

  it('isolates an outlier: it scores above every ordinary point', () => {
    const model = fitIsolationForest(cloud(300, 3), { trees: 50, seed: 1 })!;
    const ordinary = cloud(100, 4).map((row) => model.score(row));
    expect(model.score([3, -2, 40])).toBeGreaterThan(Math.max(...ordinary));
    expect(model.score([3, -2, 40])).toBeGreaterThan(0.6);
  });

  it('is reproducible for the same rows and seed, and needs enough rows', () => {
    const rows = cloud(200, 5);
    const a = fitIsolationForest(rows, { trees: 20, seed: 3 })!;
    const b = fitIsolationForest(rows, { trees: 20, seed: 3 })!;
    expect(a.score([0.9, 0.1, 9])).toBe(b.score([0.9, 0.1, 9]));
    expect(fitIsolationForest(cloud(10, 6), { trees: 20, seed: 3 })).toBeUndefined();
  });
});
