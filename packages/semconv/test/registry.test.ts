import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTES,
  DURATION_BUCKETS_SECONDS,
  METRICS,
  MONITOR_METRICS,
  SLIS,
  getSliDefinition,
  meetsObjective,
  renderSemconvMarkdown,
} from '@heterodyne/semconv';

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

describe('semconv registry', () => {
  it('uses OTel-style names: lowercase, dot-namespaced, no _total suffix', () => {
    for (const m of [...METRICS, ...MONITOR_METRICS]) {
      expect(m.name).toMatch(NAME);
      expect(m.name.startsWith('heterodyne.')).toBe(true);
      expect(m.name.endsWith('_total')).toBe(false);
    }
    for (const a of ATTRIBUTES) expect(a.name).toMatch(NAME);
  });

  it('has unique metric and attribute names', () => {
    expect(new Set(METRICS.map((m) => m.name)).size).toBe(METRICS.length);
    expect(new Set(ATTRIBUTES.map((a) => a.name)).size).toBe(ATTRIBUTES.length);
  });

  it('gives every duration histogram seconds and explicit buckets from 1 ms to 1 h', () => {
    expect(DURATION_BUCKETS_SECONDS[0]).toBe(0.001);
    expect(DURATION_BUCKETS_SECONDS.at(-1)).toBe(3600);
    const sorted = [...DURATION_BUCKETS_SECONDS].sort((a, b) => a - b);
    expect(DURATION_BUCKETS_SECONDS).toEqual(sorted);
    for (const m of METRICS.filter((x) => x.name.endsWith('.duration'))) {
      expect(m.instrument).toBe('histogram');
      expect(m.unit).toBe('s');
      expect(m.buckets).toBe(DURATION_BUCKETS_SECONDS);
    }
  });

  it('only references registered attributes on metrics', () => {
    const known = new Set(ATTRIBUTES.map((a) => a.name));
    for (const m of METRICS) for (const a of m.attributes) expect(known.has(a)).toBe(true);
  });

  it.each([
    ['accuracy_preservation', '>=', 0.999, 'higher_is_better'],
    ['response_time', '<', 2, 'lower_is_better'],
    ['memory_utilization', '<', 0.8, 'lower_is_better'],
    ['cache_hit_rate', '>=', 0.85, 'higher_is_better'],
    ['jit_compilation_overhead', '<', 0.2, 'lower_is_better'],
    ['security_overhead', '<', 0.1, 'lower_is_better'],
    ['error_rate', '<', 0.01, 'lower_is_better'],
    ['throughput', '>=', 100, 'higher_is_better'],
  ])('defines SLI %s %s %d (%s)', (id, comparison, target, polarity) => {
    const sli = getSliDefinition(id);
    expect(sli).toMatchObject({ comparison, target, polarity });
  });

  it('computes every SLI from registered metrics', () => {
    const known = new Set(METRICS.map((m) => m.name));
    for (const s of SLIS) {
      const c = s.computation;
      const names =
        c.kind === 'ratio'
          ? [c.numerator.metric, c.denominator.metric]
          : c.kind === 'quantile'
            ? [c.metric]
            : [c.selector.metric];
      for (const n of names) expect(known.has(n), `${s.id} uses ${n}`).toBe(true);
    }
  });

  it('evaluates objectives with the SLI polarity', () => {
    const rt = getSliDefinition('response_time')!;
    expect(meetsObjective(rt, 1.99)).toBe(true);
    expect(meetsObjective(rt, 2)).toBe(false);
    const acc = getSliDefinition('accuracy_preservation')!;
    expect(meetsObjective(acc, 0.999)).toBe(true);
    expect(meetsObjective(acc, 0.9989)).toBe(false);
    expect(meetsObjective(acc, 0.99, 0.95)).toBe(true);
  });

  it('docs/semconv.md is up to date (run `npm run docs` to regenerate)', () => {
    const committed = readFileSync(new URL('../../../docs/semconv.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderSemconvMarkdown());
  });
});
