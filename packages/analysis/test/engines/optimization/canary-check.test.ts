import { describe, expect, it } from 'vitest';
import { judgeCanary } from '../../../src/engines/optimization/canary-check.js';
import type { WindowMeasurement } from '../../../src/engines/optimization/canary-check.js';

function window(
  latency: number[],
  accuracy: number | null,
  calls = 1000,
  errors = 0,
): WindowMeasurement {
  return { latency, accuracy, accuracyIntervals: [], calls, errors };
}

const slow = [0.02, 0.021, 0.019, 0.022, 0.0205, 0.018];
const fast = [0.01, 0.011, 0.009, 0.012, 0.0101, 0.0105];
const options = { accuracyLossThreshold: 0.01, significance: 0.05 };

describe('judgeCanary', () => {
  it.each([
    [
      'faster, accuracy held: kept',
      window(slow, 0.999),
      window(fast, 0.998),
      undefined,
      true,
      'improved',
    ],
    [
      'faster but 0.02 less accurate: accuracy-loss',
      window(slow, 0.999),
      window(fast, 0.979),
      undefined,
      false,
      'accuracy-loss',
    ],
    [
      '0.009 less accurate is within the threshold',
      window(slow, 0.999),
      window(fast, 0.99),
      undefined,
      true,
      'improved',
    ],
    [
      'slower: slo-degraded',
      window(fast, 0.999),
      window(slow, 0.999),
      undefined,
      false,
      'slo-degraded',
    ],
    [
      'unchanged: no-improvement',
      window(slow, 0.999),
      window([...slow].reverse(), 0.999),
      undefined,
      false,
      'no-improvement',
    ],
    [
      'errors rising from 0.1 % to 2 %: slo-degraded',
      window(slow, 0.999, 1000, 1),
      window(fast, 0.999, 1000, 20),
      undefined,
      false,
      'slo-degraded',
    ],
    [
      'too few intervals after: no-measurements',
      window(slow, 0.999),
      window(fast.slice(0, 2), 0.999),
      undefined,
      false,
      'no-measurements',
    ],
    [
      'accuracy no longer measured: no-measurements',
      window(slow, 0.999),
      window(fast, null),
      undefined,
      false,
      'no-measurements',
    ],
    // Against the stored baseline (0.999), a before window already at 0.99 does not excuse 0.985.
    [
      'judged against the accuracy baseline',
      window(slow, 0.99),
      window(fast, 0.985),
      0.999,
      false,
      'accuracy-loss',
    ],
  ])('%s', (_name, before, after, reference, keep, reason) => {
    const verdict = judgeCanary(before, after, {
      ...options,
      ...(reference === undefined ? {} : { accuracyReference: reference }),
    });
    expect(verdict.keep).toBe(keep);
    expect(verdict.reason).toBe(reason);
    expect(verdict.numbers.accuracyReferenceSource).toBe(
      reference === undefined ? 'before-window' : 'baseline',
    );
  });

  it('reports the numbers it rests on', () => {
    const verdict = judgeCanary(window(slow, 0.999), window(fast, 0.979), options);
    expect(verdict.numbers).toMatchObject({
      accuracyReference: 0.999,
      accuracyAfter: 0.979,
      accuracyLoss: 0.02,
      accuracyLossThreshold: 0.01,
    });
    const kept = judgeCanary(window(slow, 0.999), window(fast, 0.999), options);
    // Mann-Whitney U with 6 and 6 values, completely separated: exact two-sided p = 2/924.
    expect(kept.numbers.latencyPValue).toBeCloseTo(2 / 924, 6);
  });
});
