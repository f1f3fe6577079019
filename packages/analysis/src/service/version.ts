import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The version of `@heterodyne/analysis`, read once from its `package.json` (two levels up
 * from this module, in `src/` and in `dist/` alike).
 */
export function packageVersion(): string {
  if (cached === undefined) {
    try {
      const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
      cached = String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown');
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
