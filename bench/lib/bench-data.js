// Where the labelled benchmark data lives. The data is not part of the repository: a bench
// takes `--data <dir>` (or HETERODYNE_BENCH_DATA), by default `../shared/data` beside the
// repository root, and says clearly when it is absent.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The data root: `--data <dir>` argument, HETERODYNE_BENCH_DATA, or ../shared/data. */
export function benchDataRoot(argv = process.argv.slice(2)) {
  const i = argv.indexOf('--data');
  if (i >= 0 && argv[i + 1]) return resolve(argv[i + 1]);
  if (process.env.HETERODYNE_BENCH_DATA) return resolve(process.env.HETERODYNE_BENCH_DATA);
  return resolve(repoRoot, '../shared/data');
}

/** `root/sub` when it exists; otherwise prints why the part is skipped and returns undefined. */
export function benchDataPath(sub, what) {
  const path = resolve(benchDataRoot(), sub);
  if (existsSync(path)) return path;
  console.log(
    `SKIPPED ${what}: ${path} not found (pass --data <dir> or set HETERODYNE_BENCH_DATA; the data is not in the repository)`,
  );
  return undefined;
}
