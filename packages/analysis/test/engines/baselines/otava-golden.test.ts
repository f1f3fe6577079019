// The published Hunter/Otava change points of the TigerBeetle throughput series. The data
// lives outside the repository (`../shared/data/otava/golden.json` from the repository
// root, or HETERODYNE_OTAVA_GOLDEN); without it the cases are skipped with a notice.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectChangePoints } from '../../../src/engines/baselines/change-point-detector.js';

interface GoldenCase {
  test: string;
  window_len: number;
  max_pvalue: number;
  min_magnitude: number;
  expected_indexes: number[];
}

const path =
  process.env.HETERODYNE_OTAVA_GOLDEN ??
  fileURLToPath(new URL('../../../../../../shared/data/otava/golden.json', import.meta.url));
const present = existsSync(path);
if (!present) console.warn(`otava golden cases skipped: ${path} not found`);
const golden = present
  ? (JSON.parse(readFileSync(path, 'utf8')) as { series: number[]; cases: GoldenCase[] })
  : { series: [], cases: [] };

describe.skipIf(!present)('E-Divisive with a t-test reproduces the Otava golden cases', () => {
  it.each(golden.cases)('$test', (c) => {
    const found = detectChangePoints([golden.series], {
      windowLength: c.window_len,
      maxPValue: c.max_pvalue,
      minMagnitude: c.min_magnitude,
      correctAutocorrelation: false,
      lengthCorrection: false,
    });
    expect(found.map((p) => p.index)).toEqual(c.expected_indexes);
  });
});
