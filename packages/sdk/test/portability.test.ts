import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('portability', () => {
  it('imports no Node.js built-in statically, so the SDK loads outside Node', () => {
    const builtins = new Set(builtinModules);
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/^import[^;]*?from '([^']+)'/gms)) {
        const specifier = match[1] as string;
        if (specifier.startsWith('node:') || builtins.has(specifier)) {
          offenders.push(`${file}: ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('depends only on the OpenTelemetry API and the semantic conventions', () => {
    const packages = new Set<string>();
    for (const file of sources(SRC)) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /^import[^;]*?from '([^'.][^']*)'/gms,
      )) {
        packages.add(match[1] as string);
      }
    }
    expect([...packages].sort()).toEqual(['@heterodyne/semconv', '@opentelemetry/api']);
  });
});
