import { ATTR_OPERATION_NAME } from '@heterodyne/semconv';
import { reportDropped, reportInternalError } from '../internal/diag.js';
import { GLOBAL_TELEMETRY } from '../telemetry/telemetry-source.js';

/**
 * Records `seconds` of compilation (a JIT warm-up, a WASM or GPU kernel build) for the
 * operation `name` in `heterodyne.jit.compilation.duration`. Use it when the code knows its
 * compile time; monitored operations also detect cold starts on their own. A negative or
 * non-finite duration, or a missing name, is reported through `diag` and dropped.
 *
 * @example
 * const started = performance.now();
 * const kernel = await compileKernel(source);
 * recordCompilation('correlation_kernel', (performance.now() - started) / 1000);
 */
export function recordCompilation(name: string, seconds: number): void {
  if (typeof name !== 'string' || name.length === 0) {
    reportDropped('recordCompilation', 'needs a non-empty operation name');
    return;
  }
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    reportDropped(
      `recordCompilation(${name})`,
      `seconds must be finite and >= 0, got ${String(seconds)}`,
    );
    return;
  }
  try {
    GLOBAL_TELEMETRY.resolve()?.instruments?.compilationDuration.record(seconds, {
      [ATTR_OPERATION_NAME]: name,
    });
  } catch (error) {
    reportInternalError(`recordCompilation(${name})`, error);
  }
}
