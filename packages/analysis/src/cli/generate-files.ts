/**
 * Writing a generator's files into a directory, and comparing a directory with what a
 * generator would write (`--check`).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import type { GeneratedFile, Generator } from '@heterodyne/dashboards';

/** How a directory differs from a generator's output. */
export interface GeneratedDifference {
  /** Files whose content differs. */
  readonly changed: string[];
  /** Files the generator writes that the directory lacks. */
  readonly missing: string[];
  /** Files in the directory the generator no longer writes (hand-written files excepted). */
  readonly extra: string[];
}

/** Files under `dir`, `/`-separated and relative to it; none when `dir` does not exist. */
function listFiles(dir: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: string[] = [];
  for (const e of entries) {
    const path = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...listFiles(dir, path));
    else if (e.isFile()) out.push(path);
  }
  return out;
}

function isHandWritten(generator: Generator, path: string): boolean {
  return generator.handWritten.some((h) => (h.endsWith('/') ? path.startsWith(h) : path === h));
}

/** Writes `files` under `dir`, creating folders; returns the paths written. */
export function writeGeneratedFiles(dir: string, files: readonly GeneratedFile[]): string[] {
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return files.map((f) => f.path);
}

/** Compares `dir` with what `generator` writes. */
export function compareGeneratedFiles(
  dir: string,
  generator: Generator,
  files: readonly GeneratedFile[] = generator.generate(),
): GeneratedDifference {
  const changed: string[] = [];
  const missing: string[] = [];
  const expected = new Set(files.map((f) => f.path));
  for (const file of files) {
    let current: string;
    try {
      current = readFileSync(join(dir, ...file.path.split('/')), 'utf8');
    } catch {
      missing.push(file.path);
      continue;
    }
    if (current !== file.content) changed.push(file.path);
  }
  const extra = listFiles(dir)
    .filter((p) => !expected.has(p) && !isHandWritten(generator, p))
    .sort();
  return { changed, missing, extra };
}

/**
 * The directory holding the default output folders: the nearest of `from` and its parents
 * whose `package.json` declares `workspaces` (a repository root), else `from` itself.
 */
export function defaultGenerateRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as unknown;
      if (typeof pkg === 'object' && pkg !== null && 'workspaces' in pkg) return dir;
    } catch {
      // No readable package.json here: look further up.
    }
    if (dir === parse(dir).root) return from;
  }
}
