/**
 * Snippet: monitoring functions and blocks of code.
 *
 *   npm run build && node examples/dist/snippets/monitor-operation.js
 *
 * `monitorOperation` wraps a function: every call becomes a span plus a point of the
 * `heterodyne.operation.duration` histogram, and here the accuracy of each result is
 * measured by a user function. `startOperation` covers code that cannot be wrapped, such as
 * an optimizer loop, and records its iteration count.
 */
import { startMonitoring } from '@heterodyne/node';
import { monitorOperation, startOperation } from '@heterodyne/sdk';

const monitoring = startMonitoring({
  serviceName: 'snippet-monitor-operation',
  exporter: 'console',
});

/** Mean of squared standardized residuals, returned with the residuals it came from. */
function meanSquaredResidual(data: readonly number[], model: readonly number[], sigma: number) {
  const residuals = data.map((d, i) => (d - (model[i] ?? 0)) / sigma);
  return { value: residuals.reduce((s, r) => s + r * r, 0) / residuals.length, residuals };
}

// Accuracy here: the share of residuals within 3 sigma (a user measure in [0, 1]).
const monitored = monitorOperation('chi_squared_calculation', meanSquaredResidual, {
  expectedAccuracy: 0.99,
  accuracy: (result) =>
    result.residuals.filter((r) => Math.abs(r) <= 3).length / result.residuals.length,
});

const data = [1.02, 0.98, 1.01, 1.2, 0.99];
const model = [1, 1, 1, 1, 1];
console.log('mean squared residual:', monitored(data, model, 0.02).value);

// A loop that cannot be wrapped: a fixed-point iteration x <- cos(x), converging to 0.739085.
const op = startOperation('fixed_point_iteration', { optimizationMethod: 'fixed-point' });
let x = 1;
let iterations = 0;
op.run(() => {
  while (iterations < 1000) {
    const next = Math.cos(x);
    iterations++;
    if (Math.abs(next - x) < 1e-12) break;
    x = next;
  }
});
op.recordIterations(iterations);
op.end(x);
console.log(`fixed point ${x.toFixed(6)} after ${iterations} iterations`);

await monitoring.shutdown();
