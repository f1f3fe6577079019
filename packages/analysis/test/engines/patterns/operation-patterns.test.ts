import { describe, expect, it } from 'vitest';
import { kMeans, silhouette } from '../../../src/engines/patterns/k-means.js';
import { discoverOperationPatterns } from '../../../src/engines/patterns/operation-patterns.js';

describe('k-means and silhouette', () => {
  it('computes the silhouette of a hand example', () => {
    // 0: a = 1, b = 10.5 -> 0.9048; 1: a = 1, b = 9.5 -> 0.8947; mirrored for 10 and 11.
    const s = silhouette([[0], [1], [10], [11]], [0, 0, 1, 1]);
    expect(s).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 12);
  });

  it('separates two obvious groups', () => {
    const r = kMeans(
      [
        [0, 0],
        [0, 1],
        [10, 10],
        [10, 11],
      ],
      2,
    );
    expect(r.assignments[0]).toBe(r.assignments[1]);
    expect(r.assignments[2]).toBe(r.assignments[3]);
    expect(r.assignments[0]).not.toBe(r.assignments[2]);
    expect(r.inertia).toBeCloseTo(1, 12);
  });
});

describe('operation patterns', () => {
  it('chooses k by silhouette and groups operations with similar profiles', () => {
    const profiles = [
      { operation: 'fft-small', features: [0.1, 0.999, 100, 0.9] },
      { operation: 'fft-medium', features: [0.12, 0.999, 110, 0.92] },
      { operation: 'fit-robust', features: [5, 0.99, 900, 0.2] },
      { operation: 'fit-classical', features: [5.5, 0.99, 950, 0.25] },
      { operation: 'io-load', features: [1, 1, 3000, 0.5] },
      { operation: 'io-save', features: [1.1, 1, 3100, 0.5] },
    ];
    const r = discoverOperationPatterns(profiles, [
      'duration',
      'accuracy',
      'memory',
      'cache_hit_rate',
    ]);
    expect(r.k).toBe(3);
    const groups = r.clusters.map((c) => c.operations.sort().join(',')).sort();
    expect(groups).toEqual(['fft-medium,fft-small', 'fit-classical,fit-robust', 'io-load,io-save']);
    expect(r.silhouette).toBeGreaterThan(0.5);
  });

  it('says when there are too few operations', () => {
    const r = discoverOperationPatterns([{ operation: 'a', features: [1] }], ['duration']);
    expect(r.k).toBe(0);
    expect(r.reason).toContain('at least 3');
  });
});
