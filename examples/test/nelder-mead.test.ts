import { describe, expect, it } from 'vitest';
import { nelderMead } from '../src/analysis/nelder-mead.js';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley from the classic start (-1.2, 1)', () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1], {
      xTolerance: 1e-9,
      fTolerance: 1e-14,
      maxEvaluations: 5000,
      maxIterations: 5000,
    });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
    expect(result.value).toBeLessThan(1e-10);
  });

  it('minimizes a shifted quadratic in four dimensions', () => {
    const centre = [3, -1, 0.5, 10];
    const f = (x: readonly number[]) =>
      x.reduce((s, v, i) => s + (i + 1) * (v - (centre[i] ?? 0)) ** 2, 0);
    const result = nelderMead(f, [0, 0, 0, 0], {
      initialStep: 1,
      maxEvaluations: 10_000,
      maxIterations: 10_000,
    });
    expect(result.x).toHaveLength(4);
    result.x.forEach((v, i) => expect(v).toBeCloseTo(centre[i] ?? NaN, 4));
  });

  it('stays inside the bounds and stops on the bound nearest the unconstrained minimum', () => {
    const seen: number[][] = [];
    const f = (x: readonly number[]) => {
      seen.push([...x]);
      return ((x[0] ?? 0) - 3) ** 2 + ((x[1] ?? 0) + 2) ** 2;
    };
    const result = nelderMead(f, [0, 0], { lower: [-1, -1], upper: [2, 1], initialStep: 0.5 });
    expect(result.x[0]).toBeCloseTo(2, 5);
    expect(result.x[1]).toBeCloseTo(-1, 5);
    for (const [x = 0, y = 0] of seen) {
      expect(x).toBeGreaterThanOrEqual(-1);
      expect(x).toBeLessThanOrEqual(2);
      expect(y).toBeGreaterThanOrEqual(-1);
      expect(y).toBeLessThanOrEqual(1);
    }
  });

  it('reports an unconverged result when the evaluation budget runs out', () => {
    const result = nelderMead(([x = 0, y = 0]) => (x - 5) ** 2 + (y - 5) ** 2, [0, 0], {
      maxEvaluations: 10,
    });
    expect(result.converged).toBe(false);
    // The budget is checked per iteration; one iteration uses at most dimension + 2 evaluations.
    expect(result.evaluations).toBeLessThanOrEqual(10 - 1 + (2 + 2));
  });

  it('treats NaN as +Infinity and moves away from it', () => {
    const f = ([x = 0]: readonly number[]) => (x < 0 ? NaN : (x - 1) ** 2);
    const result = nelderMead(f, [0.5], { initialStep: -0.7 });
    expect(result.x[0]).toBeCloseTo(1, 5);
  });
});
