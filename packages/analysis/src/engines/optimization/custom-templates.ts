/**
 * Custom templates from `optimization.optimization_templates`: a measured condition (a
 * statistic of one metric's series over the window, compared with a threshold) with the
 * template's category, effort, risk, action and description.
 *
 * Confidence is the rule-of-succession share of the window's export intervals whose own
 * estimate of the statistic (the interval's mean, or its sum or count scaled to the window)
 * is past the threshold too: a condition that holds in every interval is surer than one a
 * single burst carries.
 */
import type {
  OptimizationTemplateConfig,
  TemplateCondition,
} from '../../config/optimization-config.js';
import type { SeriesView } from '../series-view.js';
import { round, succession } from './evidence-math.js';
import type { Detection, OptimizationTemplate, TemplateInput } from './types.js';

interface Interval {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Counter increments or observations of all matching series, and of the numerator's. */
  amount: number;
  numeratorAmount: number;
}

function matches(
  s: { attributes: Record<string, unknown>; resource: Record<string, unknown> },
  pairs: Record<string, string>,
): boolean {
  return Object.entries(pairs).every(([k, v]) => {
    const value = s.attributes[k] ?? s.resource[k];
    return value !== undefined && String(value) === v;
  });
}

/** The per-interval values of the condition's series, merged by sample time. */
function intervals(
  view: SeriesView,
  c: TemplateCondition,
  from: number,
  at: number,
): Map<number, Interval> {
  const out = new Map<number, Interval>();
  for (const s of view.select({ metric: c.metric })) {
    if (!matches(s, c.where)) continue;
    const inNumerator = c.numerator !== undefined && matches(s, c.numerator);
    const distribution = s.kind !== 'gauge' && s.kind !== 'counter' && s.kind !== 'updowncounter';
    for (const p of view.samples(s.id, from, at)) {
      if (!Number.isFinite(p.value)) continue;
      const count = distribution ? (p.count ?? 0) : 1;
      if (distribution && !(count > 0)) continue;
      const each = distribution ? p.value / count : p.value;
      const i = out.get(p.timeMillis) ?? {
        count: 0,
        sum: 0,
        min: Infinity,
        max: -Infinity,
        amount: 0,
        numeratorAmount: 0,
      };
      const amount = distribution ? count : p.value;
      i.amount += amount;
      if (inNumerator) i.numeratorAmount += amount;
      i.count += count;
      i.sum += p.value;
      i.min = Math.min(i.min, each);
      i.max = Math.max(i.max, each);
      out.set(p.timeMillis, i);
    }
  }
  return out;
}

function statistic(
  c: TemplateCondition,
  parts: Interval[],
  windowSeconds: number,
  scale: number,
): number {
  const count = parts.reduce((a, i) => a + i.count, 0);
  const sum = parts.reduce((a, i) => a + i.sum, 0);
  switch (c.statistic) {
    case 'mean':
      return count > 0 ? sum / count : Number.NaN;
    case 'sum':
      return sum * scale;
    case 'rate':
      return (sum * scale) / windowSeconds;
    case 'count':
      return count * scale;
    case 'max':
      return Math.max(...parts.map((i) => i.max));
    case 'min':
      return Math.min(...parts.map((i) => i.min));
    case 'ratio': {
      const all = parts.reduce((a, i) => a + i.amount, 0);
      return all > 0 ? parts.reduce((a, i) => a + i.numeratorAmount, 0) / all : Number.NaN;
    }
  }
}

function crosses(c: TemplateCondition, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (c.above !== undefined && value > c.above) return true;
  return c.below !== undefined && value < c.below;
}

/** A template from its configuration; `view` is read at each detection. */
export function customTemplate(
  id: string,
  config: OptimizationTemplateConfig & { condition: TemplateCondition },
  view: () => SeriesView | undefined,
): OptimizationTemplate {
  const c = config.condition;
  const where = Object.entries({ ...c.where, ...c.numerator }).map(([k, v]) => `${k}=${v}`);
  const subject = where.length > 0 ? `${c.metric}{${where.join(',')}}` : c.metric;
  return {
    id,
    category: config.category,
    title: config.description ? `${id}: ${config.description}` : `${id} on {subject}`,
    description: config.description,
    implementationEffort: config.implementationEffort,
    riskLevel: config.riskLevel,
    autoExecutable: config.autoExecutable,
    ...(config.action ? { action: config.action } : {}),
    priorityKey: config.priority ?? 'performance_critical',
    detect(input: TemplateInput): Detection[] {
      const v = view();
      if (!v) return [];
      const parts = [...intervals(v, c, input.fromMillis, input.atMillis).values()];
      if (parts.length === 0) return [];
      const windowSeconds = (input.atMillis - input.fromMillis) / 1000;
      const value = statistic(c, parts, windowSeconds, 1);
      if (!crosses(c, value)) return [];
      const over = parts.filter((p) =>
        crosses(c, statistic(c, [p], windowSeconds, parts.length)),
      ).length;
      const threshold = (c.above ?? c.below)!;
      const distance = Math.abs(value - threshold) / Math.max(Math.abs(threshold), Number.EPSILON);
      return [
        {
          subject,
          severity: Math.min(1, Math.max(0.05, distance)),
          confidence: succession(over, parts.length),
          evidence: {
            metrics: [c.metric],
            windowStartMillis: input.fromMillis,
            windowEndMillis: input.atMillis,
            values: {
              statistic: c.statistic,
              value: round(value),
              ...(c.above === undefined ? {} : { above: c.above }),
              ...(c.below === undefined ? {} : { below: c.below }),
              intervals: parts.length,
              intervalsPastThreshold: over,
            },
          },
          impact: {
            ratio: round(Math.min(1, distance / (1 + distance))),
            description: `${c.statistic} of ${subject} is ${round(value)} against ${c.above === undefined ? 'a floor' : 'a ceiling'} of ${threshold}; bringing it back addresses ${round((100 * distance) / (1 + distance))} % of it`,
          },
        },
      ];
    },
  };
}
