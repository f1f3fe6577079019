import { SLIS } from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import { sloSpecsOf } from '../../../src/engines/slo/slo-factory.js';

function specs(yaml = '') {
  const parsed = parseConfig(yaml);
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  return Object.fromEntries(sloSpecsOf(parsed.value.slo).map((s) => [s.id, s]));
}

describe('built-in SLOs from the semconv SLIs', () => {
  it('turn each target into an objective on good events, polarity respected', () => {
    const s = specs();
    // id → [objective, display, indicator kind, budgeting]
    const table: Record<string, [number, string, string, string]> = {
      accuracy_preservation: [0.999, 'good_ratio', 'ratio', 'occurrences'],
      response_time: [0.95, 'good_ratio', 'threshold', 'occurrences'],
      memory_utilization: [0.99, 'good_ratio', 'gauge', 'timeslices'],
      cache_hit_rate: [0.85, 'good_ratio', 'ratio', 'occurrences'],
      jit_compilation_overhead: [0.8, 'bad_ratio', 'ratio', 'occurrences'],
      security_overhead: [0.9, 'bad_ratio', 'ratio', 'occurrences'],
      error_rate: [0.99, 'bad_ratio', 'ratio', 'occurrences'],
    };
    expect(Object.keys(s).sort()).toEqual(Object.keys(table).sort());
    for (const [id, [objective, display, kind, method]] of Object.entries(table)) {
      expect(s[id]?.objective, id).toBeCloseTo(objective, 12);
      expect(s[id]?.display, id).toBe(display);
      expect(s[id]?.indicator.kind, id).toBe(kind);
      expect(s[id]?.budgeting.method, id).toBe(method);
      expect(s[id]?.sliId, id).toBe(id);
    }
    // Which side counts as bad: violations of checks, errors of operations, compile and
    // security seconds of operation seconds; cache hits are good.
    expect(s.accuracy_preservation?.indicator).toMatchObject({
      bad: { metric: 'heterodyne.accuracy.violations' },
      total: { metric: 'heterodyne.accuracy.checks' },
    });
    expect(s.error_rate?.indicator).toMatchObject({
      bad: { quantity: 'count', where: { 'error.type': { present: true } } },
      total: { metric: 'heterodyne.operation.duration', quantity: 'count' },
    });
    expect(s.cache_hit_rate?.indicator).toMatchObject({
      good: { where: { 'heterodyne.cache.result': 'hit' } },
    });
    expect(s.jit_compilation_overhead?.indicator).toMatchObject({
      bad: { metric: 'heterodyne.jit.compilation.duration', quantity: 'sum' },
      total: { metric: 'heterodyne.operation.duration', quantity: 'sum' },
    });
    expect(s.response_time?.indicator).toEqual({
      kind: 'threshold',
      metric: 'heterodyne.operation.duration',
      threshold: 2,
    });
    expect(s.memory_utilization?.indicator).toEqual({
      kind: 'gauge',
      metric: 'heterodyne.process.memory.utilization',
      op: '<',
      threshold: 0.8,
    });
    // Throughput is a rate, not an error budget: not built in.
    expect(SLIS.map((x) => x.id)).toContain('throughput');
    expect(s.throughput).toBeUndefined();
  });

  it('follow slo.targets and the shared settings, and can be turned off', () => {
    const s = specs(
      'slo:\n  targets: { error_rate: 0.05, response_time: 0.5 }\n  window: 7d\n  group_by: [service.name]\n  gauge_slice_objective: 0.9\n',
    );
    expect(s.error_rate?.objective).toBeCloseTo(0.95, 12);
    expect(s.response_time?.indicator).toMatchObject({ threshold: 0.5 });
    expect(s.memory_utilization?.objective).toBe(0.9);
    expect(s.error_rate?.window).toEqual({ kind: 'rolling', seconds: 7 * 86_400 });
    expect(s.error_rate?.groupBy).toEqual(['service.name']);
    expect(specs('slo: { builtin: false }')).toEqual({});
  });
});
