import { describe, expect, it } from 'vitest';
import { createScrapeProblemLog } from '../../src/service/scrape-problem-log.js';
import type { ServiceLogger } from '../../src/service/logger.js';

function setup(maxRemembered?: number) {
  const warnings: [string, Record<string, unknown> | undefined][] = [];
  const logger: ServiceLogger = {
    info() {},
    warn: (message, fields) => warnings.push([message, fields]),
    error() {},
  };
  const clock = { time: 0, now: () => clock.time };
  const log = createScrapeProblemLog({ logger, clock, repeatAfterMillis: 60_000, maxRemembered });
  return { warnings, clock, log };
}

describe('scrape problem log', () => {
  it('logs a dropped metric once however many scrapes repeat it, and each distinct one', () => {
    const { warnings, log } = setup();
    const conflict = { name: 'xpcs.q', reason: 'type_conflict' } as const;
    for (let i = 0; i < 5; i++) log({ dropped: [conflict], errors: [] });
    log({ dropped: [conflict, { name: 'xpcs.q', reason: 'delta_temporality' }], errors: [] });
    expect(warnings).toEqual([
      ['metric left out of /metrics', { name: 'xpcs.q', reason: 'type_conflict' }],
      ['metric left out of /metrics', { name: 'xpcs.q', reason: 'delta_temporality' }],
    ]);
  });

  it('logs a collection error once per message', () => {
    const { warnings, log } = setup();
    const first = new Error('callback threw');
    log({ dropped: [], errors: [first] });
    log({ dropped: [], errors: [new Error('callback threw')] });
    log({ dropped: [], errors: ['other'] });
    expect(warnings).toEqual([
      ['metrics collection failed', { error: first }],
      ['metrics collection failed', { error: 'other' }],
    ]);
  });

  it('logs a persisting problem again after the interval, counting the quiet repeats', () => {
    const { warnings, clock, log } = setup();
    const dropped = [{ name: 'm', reason: 'no_data' }] as const;
    log({ dropped, errors: [] }); // t = 0: logged
    clock.time = 30_000;
    log({ dropped, errors: [] }); // quiet, repeat 1
    clock.time = 59_999;
    log({ dropped, errors: [] }); // quiet, repeat 2
    clock.time = 60_000;
    log({ dropped, errors: [] }); // 60 s after the log: again
    expect(warnings).toEqual([
      ['metric left out of /metrics', { name: 'm', reason: 'no_data' }],
      ['metric left out of /metrics', { name: 'm', reason: 'no_data', repeatedScrapes: 2 }],
    ]);
  });

  it('forgets the oldest problem past the memory limit, so it may be logged again', () => {
    const { warnings, log } = setup(2);
    const drop = (name: string) => ({
      dropped: [{ name, reason: 'no_data' as const }],
      errors: [],
    });
    log(drop('a'));
    log(drop('b'));
    log(drop('b'));
    log(drop('c')); // forgets a
    log(drop('b'));
    log(drop('a'));
    expect(warnings.map(([, fields]) => fields?.name)).toEqual(['a', 'b', 'c', 'a']);
  });
});
