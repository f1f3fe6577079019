/**
 * A tiny engine for the runtime's tests: at each evaluation it sums the increments of one
 * counter metric over a trailing window, fires a finding while the sum exceeds a threshold
 * and resolves it when the sum falls back. It records every evaluation, so two runs can be
 * compared value by value.
 */
import type { Engine, EngineContext } from '../../src/engines/engine.js';
import type { Finding } from '../../src/engines/findings.js';
import type { EngineFactory } from '../../src/engines/registry.js';

/** What one evaluation saw. */
export interface WindowSumEvaluation {
  atMillis: number;
  /** Sum of the counter's increments over `(at - window, at]`, all series. */
  windowSum: number;
  /** The counter's exact running total (all series) as the view reports it. */
  total: number;
}

export interface WindowSumEngine extends Engine {
  readonly evaluations: WindowSumEvaluation[];
  readonly emitted: Finding[];
}

export interface WindowSumOptions {
  metric: string;
  intervalMillis: number;
  windowMillis: number;
  threshold: number;
}

export function createWindowSumEngine(options: WindowSumOptions): WindowSumEngine {
  const evaluations: WindowSumEvaluation[] = [];
  const emitted: Finding[] = [];
  let firingSince: number | undefined;
  return {
    name: 'window-sum',
    intervalMillis: options.intervalMillis,
    evaluations,
    emitted,
    evaluate(at: number, context: EngineContext) {
      let windowSum = 0;
      let total = 0;
      for (const series of context.series.select({ metric: options.metric })) {
        for (const s of context.series.samples(series.id, at - options.windowMillis, at)) {
          windowSum += s.value;
        }
        total += context.series.totals(series.id)?.sum ?? 0;
      }
      evaluations.push({ atMillis: at, windowSum, total });
      const base = {
        engine: 'window-sum',
        kind: 'window_sum.high',
        severity: 'warning' as const,
        labels: { metric: options.metric },
        value: windowSum,
        threshold: options.threshold,
        windowSeconds: options.windowMillis / 1000,
      };
      if (windowSum > options.threshold && firingSince === undefined) {
        firingSince = at;
        const f: Finding = {
          ...base,
          state: 'firing',
          summary: `${options.metric} rose by ${windowSum} in ${options.windowMillis / 1000}s`,
          startsAtMillis: at,
        };
        emitted.push(f);
        context.emit(f);
      } else if (windowSum <= options.threshold && firingSince !== undefined) {
        const f: Finding = {
          ...base,
          state: 'resolved',
          summary: `${options.metric} back to ${windowSum} in ${options.windowMillis / 1000}s`,
          startsAtMillis: firingSince,
          endsAtMillis: at,
        };
        firingSince = undefined;
        emitted.push(f);
        context.emit(f);
      }
    },
    report() {
      const last = evaluations.at(-1);
      return {
        name: 'window-sum',
        healthy: true,
        ...(last ? { lastEvaluationMillis: last.atMillis } : {}),
        detail: { firing: firingSince !== undefined, windowSum: last?.windowSum ?? 0 },
      };
    },
  };
}

/** A factory creating one engine per call and remembering the instances it made. */
export function windowSumFactory(options: WindowSumOptions): EngineFactory & {
  made: WindowSumEngine[];
} {
  const made: WindowSumEngine[] = [];
  const factory = () => {
    const engine = createWindowSumEngine(options);
    made.push(engine);
    return [engine];
  };
  return Object.assign(factory, { made });
}
