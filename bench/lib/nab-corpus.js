// Loads the Numenta Anomaly Benchmark corpus from a directory (data/<category>/<file>.csv and
// labels/combined_windows.json), which the project never copies into its repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSeriesCsv } from '@heterodyne/analysis';

/** The default corpus location: `../shared/data/nab` relative to the repository root. */
export const DEFAULT_NAB_DIR = fileURLToPath(new URL('../../../shared/data/nab', import.meta.url));

/** NAB timestamps (`YYYY-MM-DD HH:MM:SS[.ffffff]`) as UTC milliseconds. */
export function parseNabTime(text) {
  const iso = text.trim().replace(' ', 'T');
  return Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);
}

/**
 * The corpus at `dir`, or `{ missing: reason }` when it is not there: every file's timestamps
 * and values and its label windows (inclusive, in milliseconds).
 */
export function loadNabCorpus(dir) {
  const windowsFile = join(dir, 'labels', 'combined_windows.json');
  if (!existsSync(windowsFile) || !existsSync(join(dir, 'data'))) {
    return {
      missing: `NAB corpus not found at ${dir} (needs data/ and labels/combined_windows.json)`,
    };
  }
  const labels = JSON.parse(readFileSync(windowsFile, 'utf8'));
  const files = [];
  for (const category of readdirSync(join(dir, 'data')).sort()) {
    const categoryDir = join(dir, 'data', category);
    for (const name of readdirSync(categoryDir).sort()) {
      if (!name.endsWith('.csv')) continue;
      const key = `${category}/${name}`;
      const windows = labels[key];
      if (windows === undefined) continue;
      // The reader of `heterodyne-monitor detect anomalies`, so the CLI scores the same rows.
      const parsed = parseSeriesCsv(readFileSync(join(categoryDir, name), 'utf8'), key);
      if (!parsed.ok) throw new Error(parsed.error);
      const times = parsed.value.timesMillis;
      const values = parsed.value.values;
      files.push({
        key,
        times,
        values,
        windows: windows.map(([a, b]) => [parseNabTime(a), parseNabTime(b)]),
      });
    }
  }
  return { files };
}
