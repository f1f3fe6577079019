// What every benchmark shares around tinybench: its run time and its closing Markdown table.

/**
 * Time per task in milliseconds: `BENCH_TIME_MS` when set (e.g. `BENCH_TIME_MS=200` for a
 * quick run), else `defaultMs`.
 */
export function benchTimeMs(defaultMs) {
  const raw = process.env.BENCH_TIME_MS;
  if (raw === undefined || raw === '') return defaultMs;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new Error(`BENCH_TIME_MS: must be a positive number of milliseconds; got "${raw}"`);
  }
  return ms;
}

/** True when `BENCH_TIME_MS` asks for less time than `defaultMs`: a quick, rougher run. */
export function isQuickRun(defaultMs) {
  return benchTimeMs(defaultMs) < defaultMs;
}

function cell(value) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    return value.toLocaleString('en-US', { maximumFractionDigits: 20 });
  }
  return String(value ?? '').replace(/\|/g, '\\|');
}

/**
 * `rows` (objects with the same keys) as a Markdown table: one column per key, numbers
 * right-aligned, with thousands separators.
 */
export function markdownTable(rows) {
  if (rows.length === 0) throw new Error('markdownTable: no rows');
  const columns = Object.keys(rows[0]);
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === 'number'));
  const lines = [
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((c) => cell(r[c])).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/**
 * Prints the benchmark's closing summary, ready to paste into BENCHMARKS.md: a heading, the
 * table and the notes (ratios, targets) as a list.
 */
export function printMarkdownSummary(title, rows, notes = []) {
  const out = [`\n### ${title}\n`, markdownTable(rows)];
  if (notes.length > 0) out.push('', ...notes.map((n) => `- ${n}`));
  console.log(out.join('\n'));
}
