/**
 * Injected burns on an injected clock: the page and ticket conditions start at the first
 * evaluation at which the arithmetic says both windows exceed the threshold, not one
 * evaluation earlier, and end exactly when it says they no longer do.
 *
 * Traffic: one evaluation every 15 s, each seeing 1,000 new operations (2,000 in the ticket
 * scenario); three clean days before the burn so every window is full. Evaluation k is at
 * T0 + 15k s; the burn adds errors to evaluations k = 1 .. K.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engines/findings.js';
import { createSloEngine } from '../../../src/engines/slo/slo-engine.js';
import { createFakeView } from './fake-view.js';
import { errorSpec } from './specs.js';

const T0 = Date.UTC(2026, 0, 5); // a multiple of every slot length
const STEP = 15_000;
const WARM_UP = (3 * 86_400_000) / STEP; // evaluations in three days

interface Run {
  /** Evaluation index of each finding, by kind and state. */
  events: { k: number; kind: string; state: string; finding: Finding }[];
  engine: ReturnType<typeof createSloEngine>;
}

async function run(
  perEval: number,
  badPerEval: number,
  burnEvals: number,
  lastK: number,
  onEval?: (k: number, engine: Run['engine']) => void,
): Promise<Run> {
  const fake = createFakeView();
  const ops = fake.series('ops', 'counter');
  const errors = fake.series('errors', 'counter');
  const engine = createSloEngine({ slos: [errorSpec()], historyIntervalMillis: Infinity });
  const events: Run['events'] = [];
  let k = 0;
  const context = {
    series: fake.view,
    emit: (f: Finding) => events.push({ k, kind: f.kind, state: f.state, finding: f }),
  };
  for (k = -WARM_UP + 1; k <= lastK; k++) {
    fake.add(ops, { sum: perEval });
    if (k >= 1 && k <= burnEvals) fake.add(errors, { sum: badPerEval });
    await engine.evaluate(T0 + k * STEP, context);
    onEval?.(k, engine);
  }
  return { events, engine };
}

describe('injected burn: 2 % errors against 99.9 % for two hours (burn rate 20)', () => {
  it('pages when 1h > 14.4x and 5m > 14.4x, resolves when 6h/30m drops to 6x; no ticket', async () => {
    const seen: Record<number, ReturnType<Run['engine']['statuses']>[number]> = {};
    const { events } = await run(1000, 20, 480, 700, (k, engine) => {
      if ([172, 173, 432, 433, 480, 485, 486, 563, 564].includes(k)) {
        seen[k] = engine.statuses()[0] as (typeof seen)[number];
      }
    });
    // 1h burn rate at k is 20k/240: above 14.4 from k = 173 (14.42), not at 172 (14.33).
    // The page ends when no page row holds: 1h/5m stops at k = 486 (5m: 20 − j ≤ 14.4 at
    // j = 6 after the burn), 6h/30m at k = 564 (30m: 20(120 − j)/120 ≤ 6 at j = 84).
    expect(events.map((e) => [e.kind, e.state, e.k])).toEqual([
      ['slo.burn_rate.page', 'firing', 173],
      ['slo.burn_rate.page', 'resolved', 564],
    ]);
    expect(seen[172]?.burnRates['1h']).toBeCloseTo((20 * 172) / 240, 9);
    expect(seen[172]?.state).toBe('ok');
    expect(seen[173]?.burnRates['1h']).toBeCloseTo((20 * 173) / 240, 9);
    expect(seen[173]?.burnRates['5m']).toBeCloseTo(20, 9);
    expect(seen[173]?.state).toBe('burning');
    // The 6h/30m row joins at k = 433 (20 × 433 / 1440 = 6.014), not at 432 (exactly 6).
    expect(seen[432]?.alerts[1]?.firing).toBe(false);
    expect(seen[433]?.alerts[1]?.firing).toBe(true);
    expect(seen[485]?.alerts[0]?.firing).toBe(true);
    expect(seen[486]?.alerts[0]?.firing).toBe(false);
    expect(seen[563]?.alerts[1]?.firing).toBe(true);
    expect(seen[564]?.alerts[1]?.firing).toBe(false);
    // Budget after the burn: 9,600 bad of 17,760,000 events, 17,760 allowed.
    expect(seen[480]?.budgetRemaining).toBeCloseTo(1 - 9600 / 17_760, 9);
    expect(seen[480]?.burnRates['2h']).toBeCloseTo(20, 9);
    // Time to exhaustion at the 1h rate (20x): remaining × 30 d / 20.
    expect(seen[480]?.timeToExhaustionSeconds).toBeCloseTo(
      ((1 - 9600 / 17_760) * 30 * 86_400) / 20,
      3,
    );
    const firing = events[0]?.finding as Finding;
    expect(firing).toMatchObject({
      engine: 'slo',
      severity: 'critical',
      labels: { slo: 'errors', 'service.name': 'fit' },
      threshold: expect.closeTo(14.4, 9) as number,
      windowSeconds: 3600,
      startsAtMillis: T0 + 173 * STEP,
    });
    expect(events[1]?.finding).toMatchObject({
      state: 'resolved',
      startsAtMillis: T0 + 173 * STEP,
      endsAtMillis: T0 + 564 * STEP,
    });
  });
});

describe('injected burn: 0.55 % errors against 99.9 % for 18 hours (burn rate 5.5)', () => {
  it('tickets when 1d > 3x and 3d > 1x, resolves when both short windows recover; no page', async () => {
    const { events } = await run(2000, 11, 4320, 5600);
    // 1d: 5.5k/5760 > 3 and 3d: 5.5k/17280 > 1 both from k > 3141.8, so k = 3142. The
    // 1d/2h row ends at j = 219 after the burn (2h: 5.5(480 − j)/480 ≤ 3), the 3d/6h row at
    // j = 1179 (6h: 5.5(1440 − j)/1440 ≤ 1; the 3d window still holds 1.375x): k = 5499.
    expect(events.map((e) => [e.kind, e.state, e.k])).toEqual([
      ['slo.burn_rate.ticket', 'firing', 3142],
      ['slo.burn_rate.ticket', 'resolved', 5499],
    ]);
    expect(events[0]?.finding).toMatchObject({ severity: 'warning', windowSeconds: 86_400 });
  });
});
