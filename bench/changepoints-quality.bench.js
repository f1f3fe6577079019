// Change-point quality with the DEFAULT settings of `detect changepoints`:
// - TCPD (Turing Change Point Dataset): F1 with a margin of 5 and segmentation covering,
//   scored as published (bench/lib/tcpd-metrics.js), averaged over the series, next to the
//   "predict no change" baseline on the same files.
// - Otava golden cases: the Hunter/Otava change points of a CI throughput series for each
//   published parameter set (window, max p-value, min magnitude), with the published t-test
//   (no autocorrelation correction).
// Data: `--data <dir>` / HETERODYNE_BENCH_DATA / ../shared/data (not in the repository).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { detectChangePoints, parseChangePointInput } from '@heterodyne/analysis';
import { benchDataPath } from './lib/bench-data.js';
import { printMarkdownSummary } from './lib/report.js';
import { covering, fMeasure } from './lib/tcpd-metrics.js';

let failed = false;

const tcpd = benchDataPath('tcpd', 'TCPD change-point quality');
if (tcpd) {
  const annotations = JSON.parse(readFileSync(join(tcpd, 'annotations.json'), 'utf8'));
  const names = readdirSync(join(tcpd, 'datasets')).sort();
  const rows = [];
  let sumF = 0;
  let sumC = 0;
  let sumZeroF = 0;
  let sumZeroC = 0;
  let points = 0;
  const t0 = performance.now();
  for (const name of names) {
    const text = readFileSync(join(tcpd, 'datasets', name, `${name}.json`), 'utf8');
    const parsed = parseChangePointInput(text, name);
    if (!parsed.ok) throw new Error(parsed.error);
    const n = parsed.value.dims[0].length;
    points += n;
    const cps = detectChangePoints(parsed.value.dims).map((p) => p.index);
    const ann = annotations[name];
    if (!ann) throw new Error(`${name}: no annotations`);
    const f = fMeasure(ann, cps, 5);
    const c = covering(ann, cps, n);
    const zf = fMeasure(ann, [], 5).f1;
    const zc = covering(ann, [], n);
    sumF += f.f1;
    sumC += c;
    sumZeroF += zf;
    sumZeroC += zc;
    rows.push({
      series: name,
      points: n,
      dims: parsed.value.dims.length,
      'change points': cps.join(' ') || '—',
      F1: Number(f.f1.toFixed(3)),
      covering: Number(c.toFixed(3)),
      'F1 no change': Number(zf.toFixed(3)),
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  const k = names.length;
  const meanF = sumF / k;
  rows.push({
    series: `**mean of ${k}**`,
    points,
    dims: '',
    'change points': '',
    F1: Number(meanF.toFixed(4)),
    covering: Number((sumC / k).toFixed(4)),
    'F1 no change': Number((sumZeroF / k).toFixed(4)),
  });
  printMarkdownSummary('TCPD, default settings (F1 margin 5, covering)', rows, [
    `mean F1 ${meanF.toFixed(4)} (target > 0.70; "no change" ${(sumZeroF / k).toFixed(4)} here, 0.645 published on the full set)`,
    `mean covering ${(sumC / k).toFixed(4)} ("no change" ${(sumZeroC / k).toFixed(4)})`,
    `${points} points in ${seconds.toFixed(2)} s (${Math.round(points / seconds)} points/s)`,
  ]);
  if (!(meanF > 0.7)) failed = true;
}

const goldenPath = benchDataPath('otava/golden.json', 'Otava golden cases');
if (goldenPath) {
  const golden = JSON.parse(readFileSync(goldenPath, 'utf8'));
  const rows = golden.cases.map((c) => {
    const got = detectChangePoints([golden.series], {
      windowLength: c.window_len,
      maxPValue: c.max_pvalue,
      minMagnitude: c.min_magnitude,
      correctAutocorrelation: false,
      lengthCorrection: false,
    }).map((p) => p.index);
    const same = JSON.stringify(got) === JSON.stringify(c.expected_indexes);
    if (!same) failed = true;
    return {
      case: c.test,
      window: c.window_len,
      'max p': c.max_pvalue,
      'min magnitude': c.min_magnitude,
      expected: c.expected_indexes.length,
      found: got.length,
      reproduced: same ? 'yes' : `NO: ${got.join(' ')}`,
    };
  });
  const ok = rows.filter((r) => r.reproduced === 'yes').length;
  printMarkdownSummary('Otava golden change points', rows, [
    `${ok} of ${rows.length} cases reproduced exactly`,
  ]);
}

if (failed) {
  console.log('\nFAILED: a quality target was missed');
  process.exitCode = 1;
}
