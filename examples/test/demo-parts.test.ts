import { describe, expect, it } from 'vitest';
import { HEALTHY } from '../src/analysis/workload.js';
import { DEMO_USAGE, parseDemoOptions } from '../src/demo/demo-options.js';
import { FAULT_TIMELINE, activeFaults, settingsWith } from '../src/demo/fault-timeline.js';
import { MAX_SLO_LINES, listOf, renderStatus } from '../src/demo/status-view.js';
import type { SloLine, StatusSnapshot } from '../src/demo/status-view.js';

describe('demo flags', () => {
  it('defaults to the full demo with faults, until Ctrl-C', () => {
    expect(parseDemoOptions([])).toEqual({
      ok: true,
      value: {
        serviceOnly: false,
        faults: true,
        endpoint: undefined,
        durationSeconds: undefined,
        timelineSeconds: 120,
        refreshSeconds: 3,
        config: undefined,
        plain: false,
      },
    });
  });

  it('reads every flag', () => {
    const parsed = parseDemoOptions([
      '--no-faults',
      '--endpoint',
      'http://collector:4318/',
      '--duration',
      '90',
      '--timeline',
      '30',
      '--refresh',
      '1.5',
      '--plain',
    ]);
    expect(parsed.ok && parsed.value).toMatchObject({
      faults: false,
      endpoint: 'http://collector:4318',
      durationSeconds: 90,
      timelineSeconds: 30,
      refreshSeconds: 1.5,
      plain: true,
    });
    expect(parseDemoOptions(['--service-only']).ok).toBe(true);
  });

  it('names a bad flag or value', () => {
    expect(parseDemoOptions(['--duration', 'soon'])).toEqual({
      ok: false,
      error: '--duration: needs a number of seconds > 0, got "soon"',
    });
    expect(parseDemoOptions(['--endpoint', 'collector:4318'])).toEqual({
      ok: false,
      error: '--endpoint: needs an http(s) URL, got "collector:4318"',
    });
    expect(parseDemoOptions(['--service-only', '--endpoint', 'http://x:4318'])).toEqual({
      ok: false,
      error: '--service-only and --endpoint exclude each other',
    });
    const unknown = parseDemoOptions(['--fast']);
    expect(!unknown.ok && unknown.error).toContain('unknown flag "--fast"');
    expect(parseDemoOptions(['--help'])).toEqual({ ok: false, error: DEMO_USAGE });
  });
});

describe('the fault timeline', () => {
  it('starts and ends healthy and runs each fault in its slot, scaled to the timeline', () => {
    expect(activeFaults(5, 120)).toEqual([]);
    expect(activeFaults(119, 120)).toEqual([]);
    expect(activeFaults(30, 120).map((f) => f.name)).toEqual(['latency regression']);
    expect(activeFaults(7.5, 30).map((f) => f.name)).toEqual(['latency regression']);
    expect(activeFaults(80, 120).map((f) => f.name)).toEqual(['cache thrashing', 'memory climb']);
    // Every fault gets its turn.
    const seen = new Set<string>();
    for (let t = 0; t < 120; t++) for (const f of activeFaults(t, 120)) seen.add(f.name);
    expect([...seen]).toEqual(FAULT_TIMELINE.map((f) => f.name));
  });

  it('applies the active faults over the healthy settings', () => {
    expect(settingsWith([])).toEqual(HEALTHY);
    expect(settingsWith(activeFaults(80, 120))).toEqual({
      ...HEALTHY,
      cacheCapacity: 200,
      leakBytesPerRun: 4 * 1024 * 1024,
    });
  });
});

describe('the status view', () => {
  const slo = (over: Partial<SloLine>): SloLine => ({
    slo: 'response_time',
    operation: 'fit',
    sli: 0.99,
    objective: 0.95,
    budgetRemaining: 0.9,
    state: 'ok',
    burnRate: 0.2,
    ...over,
  });
  const snapshot: StatusSnapshot = {
    slos: [
      slo({}),
      slo({
        slo: 'dataset_reads',
        operation: 'load_dataset',
        state: 'burning',
        budgetRemaining: -2,
        burnRate: 20,
      }),
      slo({ slo: 'idle', state: 'no_data' }),
    ],
    alerts: [
      {
        id: 'a1',
        name: 'accuracy_preservation_low',
        severity: 'critical',
        status: 'acknowledged',
        summary: 'accuracy 0.13 below 0.999',
      },
    ],
    resolvedAlerts: 3,
    findings: [
      { engine: 'slo', kind: 'slo.burn_rate.page', state: 'firing', summary: 'reads burn' },
    ],
    anomalies: undefined,
    opportunities: ['cache: raise the evaluation cache capacity'],
  };

  it('shows burning SLOs first, alerts, findings, and says what the service lacks', () => {
    const text = renderStatus(snapshot, ['HEADER']);
    const lines = text.split('\n');
    expect(lines[0]).toBe('HEADER');
    const burning = lines.findIndex((l) => l.includes('dataset_reads'));
    const healthy = lines.findIndex((l) => l.includes('response_time'));
    expect(burning).toBeGreaterThan(0);
    expect(burning).toBeLessThan(healthy);
    expect(lines[burning]).toMatch(/budget\s+-200\.0% burn 20\.0 {2}BURNING$/);
    expect(text).not.toContain('idle');
    expect(text).toContain(
      '[critical] accuracy_preservation_low (acknowledged) accuracy 0.13 below 0.999',
    );
    expect(text).toContain('resolved so far: 3');
    expect(text).toMatch(/Anomalies\n {2}not available/);
    expect(text).toContain('cache: raise the evaluation cache capacity');
    expect(text).toContain('firing   slo/slo.burn_rate.page: reads burn');
  });

  it('keeps the SLO section short', () => {
    const many = Array.from({ length: MAX_SLO_LINES + 4 }, (_, i) => slo({ operation: `op${i}` }));
    const text = renderStatus({ ...snapshot, slos: many }, []);
    expect(text).toContain('... and 4 more SLO groups');
  });
});

describe('status view lists', () => {
  it('shows an anomaly of /api/v1/anomalies as value against its expected range, not as JSON', () => {
    const reply = {
      anomalies: [
        {
          series: 'heterodyne.cache.requests{heterodyne.cache.result="miss"}',
          metric: 'heterodyne.cache.requests',
          value: 1234,
          score: 0.8123,
          expectedLow: 10,
          expectedHigh: 55.5,
          reason: 'level',
        },
      ],
    };
    expect(listOf(reply, 'anomalies')).toEqual([
      'score 0.8123, level: heterodyne.cache.requests{heterodyne.cache.result="miss"} = 1234, expected [10, 55.5]',
    ]);
    expect(listOf({ opportunities: [{ title: 'Cache too small' }] }, 'opportunities')).toEqual([
      'Cache too small',
    ]);
  });
});
