/**
 * Snippet: caches, security checks and compilation time.
 *
 *   npm run build && node examples/dist/snippets/cache-and-security.js
 *
 * - `instrumentCache` counts hits and misses of a Map-like cache (`heterodyne.cache.requests`);
 *   `recordCacheAccess` does the same for caches that cannot be wrapped.
 * - `withSecurityCheck` measures the time spent validating untrusted input
 *   (`heterodyne.security.check.duration`), the security-overhead SLI.
 * - `recordCompilation` reports a known compile time (`heterodyne.jit.compilation.duration`).
 */
import { startMonitoring } from '@heterodyne/node';
import {
  instrumentCache,
  recordCacheAccess,
  recordCompilation,
  withSecurityCheck,
} from '@heterodyne/sdk';

const monitoring = startMonitoring({
  serviceName: 'snippet-cache-and-security',
  exporter: 'console',
  traces: { exporter: 'none' },
});

// Memoized factorials: 10 lookups of 4 distinct keys, so 4 misses and 6 hits.
const factorials = instrumentCache(new Map<number, number>(), { name: 'factorial' });
const factorial = (n: number): number => {
  const known = factorials.get(n);
  if (known !== undefined) return known;
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  factorials.set(n, f);
  return f;
};
for (const n of [5, 5, 7, 5, 9, 7, 12, 9, 12, 5]) factorial(n);

// An external cache (say, a file on disk) reports its own lookups.
recordCacheAccess('detector_mask_file', true);

// Validate untrusted input; the check is timed whether it passes or throws.
const raw = JSON.parse('{"frames": 40, "q": 0.01}') as { frames: unknown; q: unknown };
const input = withSecurityCheck('input_validation', () => {
  if (typeof raw.frames !== 'number' || !Number.isInteger(raw.frames) || raw.frames > 10_000) {
    throw new RangeError(`frames: expected an integer <= 10000, got ${String(raw.frames)}`);
  }
  if (typeof raw.q !== 'number' || !(raw.q > 0)) throw new RangeError('q: expected > 0');
  return { frames: raw.frames, q: raw.q };
});
console.log('validated input:', input);

// Building a lookup table once is this program's "compilation": report how long it took.
const started = performance.now();
const table = Float64Array.from({ length: 100_000 }, (_, i) => Math.exp(-i / 1000));
recordCompilation('exp_table', (performance.now() - started) / 1000);
console.log(`table of ${table.length} values built`);

await monitoring.shutdown();
