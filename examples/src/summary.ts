import type { AnalysisSummary, FitSummary } from './analysis/run-analysis.js';
import { PARAMETER_NAMES } from './analysis/model.js';
import type { HeterodyneParameters } from './analysis/model.js';

const UNITS: Record<(typeof PARAMETER_NAMES)[number], string> = {
  dRef: 'Å²/s^(1+α)',
  dSample: 'Å²/s^(1+α)',
  alpha: '',
  velocity: 'Å/s',
  fraction: '',
};

const cell = (v: number) => v.toPrecision(5).padStart(11);

/** Formats an analysis summary as a short plain-text report. */
export function formatSummary(summary: AnalysisSummary, truth: HeterodyneParameters): string {
  const fit = (name: string, f: FitSummary) =>
    `${name.padEnd(10)} reduced chi² ${f.reducedChiSquared.toFixed(3)}, ` +
    `${f.iterations} iterations, ${f.evaluations} evaluations, ` +
    `worst parameter error ${(100 * f.worstError).toFixed(2)}%${f.converged ? '' : ' (not converged)'}`;
  const lookups = summary.cache.hits + summary.cache.misses;
  return [
    `heterodyne XPCS analysis: ${summary.points} points over ${summary.angles} angles, ` +
      `${summary.outliers} outliers injected`,
    '',
    `${'parameter'.padEnd(10)} ${'truth'.padStart(11)} ${'classical'.padStart(11)} ${'robust'.padStart(11)}  unit`,
    ...PARAMETER_NAMES.map(
      (name) =>
        `${name.padEnd(10)} ${cell(truth[name])} ${cell(summary.classical.parameters[name])} ` +
        `${cell(summary.robust.parameters[name])}  ${UNITS[name]}`,
    ),
    '',
    fit('classical', summary.classical),
    fit('robust', summary.robust),
    `geometry cache: ${summary.cache.hits}/${lookups} hits ` +
      `(${((100 * summary.cache.hits) / Math.max(lookups, 1)).toFixed(2)}%)`,
  ].join('\n');
}
