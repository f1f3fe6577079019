/**
 * The charting library the report inlines: uPlot's browser build and its style sheet, read
 * from the installed `uplot` package (once, then cached), so the report needs no network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The inlined assets of a report. */
export interface ReportAssets {
  /** uPlot's IIFE build (defines the global `uPlot`). */
  uplotScript: string;
  /** uPlot's style sheet. */
  uplotCss: string;
}

let cached: ReportAssets | undefined;

/**
 * Reads uPlot's minified browser build and CSS from `node_modules/uplot/dist`. Throws, naming
 * the path, when the package is missing (it is a dependency of this package).
 */
export function loadReportAssets(): ReportAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  let dist: string;
  try {
    dist = dirname(require.resolve('uplot/package.json'));
  } catch (error) {
    throw new Error(
      'report: the uplot package is not installed (a dependency of @heterodyne/analysis)',
      {
        cause: error,
      },
    );
  }
  const read = (file: string): string => {
    const path = join(dist, 'dist', file);
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`report: cannot read ${path}`, { cause: error });
    }
  };
  cached = { uplotScript: read('uPlot.iife.min.js'), uplotCss: read('uPlot.min.css') };
  return cached;
}
