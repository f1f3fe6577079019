/**
 * The tables `heterodyne-monitor anomalies`, `trends` and `forecasts` print, from the JSON of
 * `/api/v1/anomalies`, `/api/v1/trends` and `/api/v1/forecasts`.
 */

type Row = Record<string, unknown>;

/** A number in 4 significant digits, `-` when absent. */
function num(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '-';
  return Number(value.toPrecision(4)).toString();
}

function text(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : '-';
}

/** Columns aligned, two spaces apart; the last column is not padded. */
export function alignRows(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return (
    rows
      .map((row) =>
        row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '),
      )
      .join('\n') + '\n'
  );
}

/** The anomalies table. */
export function formatAnomalyTable(anomalies: readonly Row[]): string {
  if (anomalies.length === 0) return 'no anomalies\n';
  const rows = [['TIME', 'SERIES', 'VALUE', 'EXPECTED', 'SCORE', 'WHY', 'RESOLVED']];
  for (const a of anomalies) {
    rows.push([
      text(a.time),
      text(a.series),
      num(a.value),
      `[${num(a.expectedLow)}, ${num(a.expectedHigh)}]`,
      num(a.score),
      text(a.reason),
      typeof a.resolvedAt === 'string' ? a.resolvedAt : 'firing',
    ]);
  }
  return alignRows(rows);
}

/** The trends table. */
export function formatTrendTable(trends: readonly Row[]): string {
  if (trends.length === 0) return 'no series analysed yet\n';
  const rows = [['SERIES', 'STATUS', 'DIRECTION', 'SLOPE/s', 'P-VALUE', 'POINTS', 'PERIOD']];
  for (const t of trends) {
    const season = t.seasonality as { periodSeconds?: number } | null | undefined;
    rows.push([
      text(t.series),
      t.status === 'insufficient_data' ? `insufficient_data (${text(t.reason)})` : text(t.status),
      text(t.direction),
      num(t.slopePerSecond),
      num(t.pValue),
      num(t.points),
      season?.periodSeconds === undefined ? '-' : `${num(season.periodSeconds)}s`,
    ]);
  }
  return alignRows(rows);
}

/** The forecasts table. */
export function formatForecastTable(body: {
  horizonSeconds?: unknown;
  forecasts: readonly Row[];
}): string {
  if (body.forecasts.length === 0) return 'no series analysed yet\n';
  const rows = [
    ['SERIES', 'STATUS', 'MODEL', 'HORIZON', 'PREDICTION', 'INTERVAL', 'VS NAIVE', 'BREACH'],
  ];
  for (const f of body.forecasts) {
    const backtest = f.backtest as { relativeToSeasonalNaive?: number } | null | undefined;
    const breach = f.breach as
      { side?: string; limit?: number; source?: string } | null | undefined;
    rows.push([
      text(f.series),
      f.status === 'insufficient_data' ? `insufficient_data (${text(f.reason)})` : text(f.status),
      text(f.model),
      typeof f.horizonSeconds === 'number' ? `${num(f.horizonSeconds)}s` : '-',
      num(f.prediction),
      f.lower === null || f.lower === undefined ? '-' : `[${num(f.lower)}, ${num(f.upper)}]`,
      num(backtest?.relativeToSeasonalNaive),
      breach ? `${text(breach.side)} ${num(breach.limit)} (${text(breach.source)})` : '-',
    ]);
  }
  return alignRows(rows);
}
