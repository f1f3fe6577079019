/**
 * The committed `grafana/` is what the generator writes today: regenerated in memory and
 * compared byte for byte, so a change to a dashboard, a semconv name or the translation
 * cannot ship without its regenerated files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GRAFANA_GENERATOR } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIR = join(ROOT, GRAFANA_GENERATOR.defaultOutDir);
const FIX =
  'run `npm run generate` (or `heterodyne-monitor generate dashboards`) and commit grafana/';

function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...filesUnder(dir, path));
    else if (e.isFile()) out.push(path);
  }
  return out;
}

describe('grafana/', () => {
  const generated = GRAFANA_GENERATOR.generate();

  it('holds every generated file with the generated content', () => {
    const stale: string[] = [];
    for (const file of generated) {
      let current: string | undefined;
      try {
        current = readFileSync(join(DIR, file.path), 'utf8');
      } catch {
        current = undefined;
      }
      if (current !== file.content)
        stale.push(`${file.path} (${current === undefined ? 'missing' : 'stale'})`);
    }
    expect(stale, `grafana/ is out of date: ${stale.join(', ')}; ${FIX}`).toEqual([]);
  });

  it('holds no file the generator no longer writes', () => {
    const expected = new Set([...generated.map((f) => f.path), ...GRAFANA_GENERATOR.handWritten]);
    const extra = filesUnder(DIR).filter((p) => !expected.has(p));
    expect(extra, `not generated any more: ${extra.join(', ')}; delete them and ${FIX}`).toEqual(
      [],
    );
  });

  it('generates the same bytes twice', () => {
    expect(GRAFANA_GENERATOR.generate()).toEqual(generated);
  });
});
