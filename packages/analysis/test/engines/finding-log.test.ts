import { describe, expect, it } from 'vitest';
import { createFindingLog } from '../../src/engines/finding-log.js';
import type { Finding } from '../../src/engines/findings.js';
import { findingIdentity } from '../../src/engines/findings.js';
import { recordingLogger } from '../helpers/recording-logger.js';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    engine: 'slo',
    kind: 'slo.burn_rate.page',
    severity: 'critical',
    state: 'firing',
    labels: { slo: 'latency' },
    summary: 'burning fast',
    startsAtMillis: 1_000,
    ...overrides,
  };
}

describe('finding log', () => {
  it('keeps the newest findings up to its capacity, lists them newest first and filters', () => {
    const log = createFindingLog({ capacity: 3 });
    log.record(finding({ labels: { slo: 'a' }, startsAtMillis: 1 }));
    log.record(
      finding({ engine: 'anomaly', kind: 'anomaly', labels: { s: 'x' }, startsAtMillis: 2 }),
    );
    log.record(
      finding({ labels: { slo: 'a' }, state: 'resolved', startsAtMillis: 1, endsAtMillis: 3 }),
    );
    log.record(finding({ labels: { slo: 'b' }, startsAtMillis: 4 }));
    expect(log.list().map((f) => [f.engine, f.state, f.startsAtMillis])).toEqual([
      ['slo', 'firing', 4],
      ['slo', 'resolved', 1],
      ['anomaly', 'firing', 2],
    ]);
    expect(log.list({ engine: 'slo', state: 'firing' }).map((f) => f.labels)).toEqual([
      { slo: 'b' },
    ]);
    expect(log.list({ limit: 1 })).toHaveLength(1);
    expect(log.counts()).toEqual({ recorded: 4, restored: 0, evicted: 1 });
  });

  it('tracks which conditions fire: a resolution of the same identity ends one', () => {
    const log = createFindingLog();
    log.record(finding({ labels: { slo: 'a', window: '1h' }, startsAtMillis: 5 }));
    log.record(finding({ labels: { window: '1h', slo: 'b' }, startsAtMillis: 2 }));
    // Label order does not change the identity.
    log.record(finding({ labels: { window: '1h', slo: 'a' }, state: 'resolved', endsAtMillis: 9 }));
    expect(log.firing().map((f) => f.labels.slo)).toEqual(['b']);
    expect(log.firing('anomaly')).toEqual([]);
    expect(findingIdentity(finding({ labels: { a: '1', b: '2' } }))).toBe(
      findingIdentity(finding({ labels: { b: '2', a: '1' } })),
    );
  });

  it('refuses a malformed finding with the reason, logging it, and keeps nothing', () => {
    const logger = recordingLogger();
    const log = createFindingLog({ logger });
    expect(log.record(finding({ severity: 'fatal' as never }))).toEqual({
      ok: false,
      error: 'severity: must be one of info, warning, error, critical, got fatal',
    });
    expect(log.record(finding({ startsAtMillis: Number.NaN }))).toMatchObject({ ok: false });
    expect(log.record(finding({ summary: '' }))).toMatchObject({ ok: false });
    expect(log.list()).toEqual([]);
    expect(logger.lines[0]).toMatch(/^warn finding refused .*"reason":"severity: must be one of/);
  });

  it('logs firings by severity and resolutions at info, with the labels', () => {
    const logger = recordingLogger();
    const log = createFindingLog({ logger });
    log.record(finding());
    log.record(finding({ severity: 'warning', kind: 'slo.burn_rate.ticket' }));
    log.record(finding({ state: 'resolved', endsAtMillis: 2_000 }));
    expect(logger.lines.map((l) => l.split(' {')[0])).toEqual([
      'error finding firing',
      'warn finding firing',
      'info finding resolved',
    ]);
    expect(logger.lines[0]).toContain('"labels":{"slo":"latency"}');
  });

  it('keeps its own copy: an engine changing its finding later changes nothing kept', () => {
    const log = createFindingLog();
    const labels: Record<string, string> = { slo: 'a' };
    const f = finding({ labels });
    log.record(f);
    labels.slo = 'changed';
    f.summary = 'changed';
    expect(log.list()[0]).toMatchObject({ labels: { slo: 'a' }, summary: 'burning fast' });
  });
});
