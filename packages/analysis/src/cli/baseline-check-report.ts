/**
 * The regression gate's report in three forms: a plain-text table for a terminal, Markdown
 * for a pull-request comment, and JUnit XML for CI test reports (one test case per series;
 * a regression is a failure, a data problem an error, a series without baseline skipped).
 */
import type { GateResult, GateRow } from './baseline-check-compare.js';

/** What the report names as compared. */
export interface ReportContext {
  /** The run's file. */
  input: string;
  /** The baseline's name (and version). */
  baseline: string;
}

const LABEL: Record<GateRow['status'], string> = {
  regression: 'REGRESSION',
  improvement: 'improvement',
  unchanged: 'ok',
  missing: 'MISSING',
  'insufficient-data': 'TOO FEW',
  'no-baseline': 'new',
};

function num(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0)
    ? x.toExponential(3)
    : x.toPrecision(4);
}

function change(r: GateRow): string {
  const c = r.assessment?.relativeChange;
  if (c === undefined) return '-';
  if (!Number.isFinite(c)) return c > 0 ? 'up from 0' : 'down from 0';
  return `${c >= 0 ? '+' : ''}${(c * 100).toFixed(1)}%`;
}

function cells(r: GateRow): string[] {
  const a = r.assessment;
  return [
    LABEL[r.status],
    r.key,
    num(a?.baselineLocation),
    num(a?.currentLocation),
    change(r),
    a ? `±${(a.effectSizeThreshold * 100).toFixed(0)}%` : '-',
    a ? a.pValue.toPrecision(2) : '-',
    `${r.runCount}/${r.baselineCount}`,
  ];
}

const HEADER = ['status', 'series', 'baseline', 'run', 'change', 'threshold', 'p', 'n run/base'];

function verdict(result: GateResult): string {
  const c = result.counts;
  const parts = [
    `${c.regression} regression(s)`,
    `${c.improvement} improvement(s)`,
    `${c.unchanged} unchanged`,
  ];
  if (c.missing) parts.push(`${c.missing} missing`);
  if (c['insufficient-data']) parts.push(`${c['insufficient-data']} with too few values`);
  if (c['no-baseline']) parts.push(`${c['no-baseline']} without baseline`);
  const head = result.exitCode === 1 ? 'FAIL' : result.exitCode === 2 ? 'ERROR' : 'PASS';
  return `${head}: ${parts.join(', ')}`;
}

/** A fixed-width table for people, ending with the verdict. */
export function formatGateTable(result: GateResult, context: ReportContext): string {
  const rows = [HEADER, ...result.rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return `${context.input} against baseline ${context.baseline}\n${lines.join('\n')}\n${verdict(result)}\n`;
}

function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, "'");
}

/** Markdown for a pull-request comment: verdict, table, and each finding's detail. */
export function formatGateMarkdown(result: GateResult, context: ReportContext): string {
  const icon = result.exitCode === 1 ? '❌' : result.exitCode === 2 ? '⚠️' : '✅';
  const out = [
    `### ${icon} Performance gate: ${mdCell(verdict(result))}`,
    '',
    `Run \`${mdCell(context.input)}\` against baseline \`${mdCell(context.baseline)}\`.`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map(() => ' --- ').join('|')}|`,
    ...result.rows.map((r) => `| ${cells(r).map(mdCell).join(' | ')} |`),
    '',
  ];
  const notable = result.rows.filter((r) => r.status !== 'unchanged');
  if (notable.length > 0) {
    out.push('<details><summary>Details</summary>', '');
    for (const r of notable)
      out.push(`- **${LABEL[r.status]}** \`${mdCell(r.key)}\`: ${mdCell(r.detail)}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}

function xml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // Control characters XML 1.0 cannot carry at all.
      .replace(/[^\t\n\r\u0020-\uffff]/g, '')
  );
}

/** JUnit XML: one test suite, one test case per series. */
export function formatGateJunit(result: GateResult, context: ReportContext): string {
  const c = result.counts;
  const failures = c.regression;
  const errors = c.missing + c['insufficient-data'];
  const skipped = c['no-baseline'];
  const cases = result.rows.map((r) => {
    const open = `    <testcase classname="${xml(r.metric)}" name="${xml(r.key)}" time="0">`;
    const body =
      r.status === 'regression'
        ? `\n      <failure message="${xml(`regression ${change(r)}`)}" type="regression">${xml(r.detail)}</failure>\n    `
        : r.status === 'missing' || r.status === 'insufficient-data'
          ? `\n      <error message="${xml(r.detail)}" type="${r.status}"/>\n    `
          : r.status === 'no-baseline'
            ? `\n      <skipped message="${xml(r.detail)}"/>\n    `
            : `\n      <system-out>${xml(`${LABEL[r.status]}: ${r.detail}`)}</system-out>\n    `;
    return `${open}${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="heterodyne-monitor baseline check" tests="${result.rows.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    `  <testsuite name="${xml(`${context.input} vs ${context.baseline}`)}" tests="${result.rows.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
