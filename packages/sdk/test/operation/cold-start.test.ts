import {
  ATTR_JIT_COLD_START,
  ATTR_OPERATION_NAME,
  METRIC_COMPILATION_DURATION,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { ColdRole, ColdStartTracker, median } from '../../src/operation/cold-start.js';
import { monitorOperation } from '../../src/operation/monitor-operation.js';
import { startOperation } from '../../src/operation/start-operation.js';
import { histogramPoint, useTelemetry } from '../helpers/telemetry.js';

/** Runs calls one after another with the given durations and outcomes; returns the overhead. */
function runSequence(
  warmCalls: number,
  calls: ReadonlyArray<readonly [seconds: number, ok: boolean]>,
): number | undefined {
  const tracker = new ColdStartTracker(warmCalls);
  let overhead: number | undefined;
  for (const [seconds, ok] of calls) {
    const result = tracker.complete(tracker.begin(), seconds, ok);
    if (result !== undefined) overhead = result;
  }
  return overhead;
}

describe('ColdStartTracker', () => {
  it.each([
    // cold 0.5; warm [0.1, 0.12, 0.08, 0.11, 0.09] sorted [0.08, 0.09, 0.1, 0.11, 0.12]: median 0.1 → 0.4
    [
      5,
      [
        [0.5, true],
        [0.1, true],
        [0.12, true],
        [0.08, true],
        [0.11, true],
        [0.09, true],
      ],
      0.4,
    ],
    // even count: warm [0.2, 0.4, 0.1, 0.3] → median (0.2 + 0.3) / 2 = 0.25; cold 1 → 0.75
    [
      4,
      [
        [1, true],
        [0.2, true],
        [0.4, true],
        [0.1, true],
        [0.3, true],
      ],
      0.75,
    ],
    // first call faster than the warm median: no overhead
    [
      3,
      [
        [0.05, true],
        [0.1, true],
        [0.2, true],
        [0.3, true],
      ],
      0,
    ],
    // failed warm calls are left out: warm [0.1, 0.3, 0.2] → median 0.2; cold 0.9 → 0.7
    [
      3,
      [
        [0.9, true],
        [5, false],
        [0.1, true],
        [0.3, true],
        [7, false],
        [0.2, true],
      ],
      0.7,
    ],
    // the cold call failed: nothing is attributed
    [
      2,
      [
        [0.9, false],
        [0.1, true],
        [0.1, true],
        [0.1, true],
      ],
      undefined,
    ],
    // not enough warm calls yet
    [
      5,
      [
        [0.9, true],
        [0.1, true],
        [0.1, true],
      ],
      undefined,
    ],
  ] as const)('with %i warm calls, %j gives %s', (warmCalls, calls, expected) => {
    const overhead = runSequence(warmCalls, calls);
    if (expected === undefined) expect(overhead).toBeUndefined();
    else expect(overhead).toBeCloseTo(expected, 12);
  });

  it('reports the overhead once and then stops tracking', () => {
    const tracker = new ColdStartTracker(1);
    expect(tracker.begin()).toBe(ColdRole.Cold);
    tracker.complete(ColdRole.Cold, 0.3, true);
    expect(tracker.begin()).toBe(ColdRole.Warm);
    expect(tracker.complete(ColdRole.Warm, 0.1, true)).toBeCloseTo(0.2, 12);
    expect(tracker.done).toBe(true);
    expect(tracker.begin()).toBe(ColdRole.None);
  });

  it('leaves out calls that overlap the cold call', () => {
    const tracker = new ColdStartTracker(1);
    const cold = tracker.begin();
    const overlapping = tracker.begin();
    expect(overlapping).toBe(ColdRole.None);
    expect(tracker.complete(overlapping, 0.01, true)).toBeUndefined();
    tracker.complete(cold, 0.5, true);
    expect(tracker.complete(tracker.begin(), 0.2, true)).toBeCloseTo(0.3, 12);
  });

  it('computes medians by hand-checked examples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});

describe('cold-start detection in monitored operations', () => {
  const { telemetry, time } = useTelemetry({ clock: true });

  it('records first-call time above the warm median as compilation duration', async () => {
    // First call 800 ms, then 100, 140, 90, 120, 110 ms: median 110 ms → 0.69 s.
    const durations = [800, 100, 140, 90, 120, 110, 95];
    let i = 0;
    const kernel = monitorOperation('kernel', () => time.advance(durations[i++] as number));
    for (let k = 0; k < durations.length; k++) kernel();
    const metrics = await telemetry.metrics();
    const name = { [ATTR_OPERATION_NAME]: 'kernel' };
    const compile = histogramPoint(metrics.get(METRIC_COMPILATION_DURATION), name);
    expect(compile?.count).toBe(1);
    expect(compile?.sum).toBeCloseTo(0.69, 12);
    const coldPoint = histogramPoint(metrics.get(METRIC_OPERATION_DURATION), {
      ...name,
      [ATTR_JIT_COLD_START]: true,
    });
    expect(coldPoint?.sum).toBeCloseTo(0.8, 12);
    expect(histogramPoint(metrics.get(METRIC_OPERATION_DURATION), name)?.count).toBe(6);
  });

  it('uses the configured number of warm calls and can be turned off', async () => {
    let ms = 0;
    const durations = [300, 100, 50];
    const quick = monitorOperation('quick', () => time.advance(durations[ms++] as number), {
      coldStart: { warmCalls: 2 },
    });
    const off = monitorOperation('off', () => time.advance(500), { coldStart: false });
    quick();
    quick();
    quick();
    off();
    off();
    const metric = (await telemetry.metrics()).get(METRIC_COMPILATION_DURATION);
    // median(100, 50) = 75 ms → 0.225 s
    expect(histogramPoint(metric, { [ATTR_OPERATION_NAME]: 'quick' })?.sum).toBeCloseTo(0.225, 12);
    expect(histogramPoint(metric, { [ATTR_OPERATION_NAME]: 'off' })).toBeUndefined();
    expect(
      telemetry.spans().filter((s) => s.name === 'off' && s.attributes[ATTR_JIT_COLD_START]),
    ).toHaveLength(0);
  });

  it('tracks startOperation cold starts by operation name', async () => {
    for (const ms of [1000, 200, 200]) {
      const handle = startOperation('named', { coldStart: { warmCalls: 2 } });
      time.advance(ms);
      handle.end();
    }
    const metric = (await telemetry.metrics()).get(METRIC_COMPILATION_DURATION);
    expect(histogramPoint(metric, { [ATTR_OPERATION_NAME]: 'named' })?.sum).toBeCloseTo(0.8, 12);
  });
});
