#!/usr/bin/env node
// Run by each package's `prepack` after the build: refuses to pack a `dist/` holding
// compiled files whose source no longer exists (left behind by a rename or a deletion),
// so a tarball never ships code the repository does not have.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const OUTPUT = /(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

const root = process.cwd();
const dist = join(root, 'dist');
if (!existsSync(dist)) {
  console.error(`${dist} is missing: the build produced nothing`);
  process.exit(1);
}
const stale = [];
for (const file of files(dist)) {
  const match = OUTPUT.exec(file);
  if (match === null) continue;
  const stem = relative(dist, file).slice(0, -match[1].length);
  if (!existsSync(join(root, 'src', `${stem}.ts`))) stale.push(relative(root, file));
}
if (stale.length > 0) {
  console.error(
    `${stale.length} file(s) in dist/ have no source in src/ (left from an earlier build):\n` +
      stale.map((f) => `  ${f}`).join('\n') +
      '\nRemove them with `npm run clean && npm run build` at the repository root, then pack again.',
  );
  process.exit(1);
}
