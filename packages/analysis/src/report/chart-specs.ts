/**
 * The report's charts as data for the page script: one x axis (seconds since the epoch, as
 * uPlot's time scale reads it) and aligned y columns, with which pairs of columns to fill
 * between (baseline band, forecast interval). Built on the server so the page script stays
 * generic: it only hands these to uPlot.
 */
import { formatNumber, seriesName } from './format.js';
import type { ReportData, ReportSeries, ReportSlo } from './types.js';

/** How a column is drawn. */
export type ChartLineStyle = 'line' | 'dashed' | 'points' | 'interval';

/** One y column of a chart. */
export interface ChartColumn {
  /** Legend label. */
  label: string;
  /** Values aligned with `x`; null where the column has no value. */
  values: (number | null)[];
  style: ChartLineStyle;
  /** CSS colour. */
  color: string;
}

/** One chart of the page. */
export interface ChartSpec {
  /** Element id the chart is drawn into. */
  id: string;
  title: string;
  /** Y axis label (the unit). */
  yLabel: string;
  /** Seconds since the epoch, ascending. */
  x: number[];
  columns: ChartColumn[];
  /** Pairs of 1-based column indexes (upper, lower) whose gap is filled. */
  bands: { upper: number; lower: number; color: string }[];
}

const COLORS = {
  value: '#1f6feb',
  p50: '#2da44e',
  p95: '#bf8700',
  anomaly: '#cf222e',
  forecast: '#8250df',
  sli: '#1f6feb',
  budget: '#2da44e',
};

/** The chart of one series: samples, baseline P50/P95 band, anomaly markers, forecast. */
export function seriesChart(series: ReportSeries, index: number): ChartSpec {
  const times = new Set<number>(series.times);
  for (const a of series.anomalies) times.add(a.timeMillis);
  const forecast = series.forecast;
  if (forecast) times.add(forecast.targetTimeMillis);
  const xMillis = [...times].sort((a, b) => a - b);
  const at = new Map<number, number>(xMillis.map((t, i) => [t, i]));
  const column = (): (number | null)[] => xMillis.map(() => null);

  const values = column();
  series.times.forEach((t, i) => {
    const v = series.values[i];
    values[at.get(t)!] = v === undefined || v === null || !Number.isFinite(v) ? null : v;
  });
  const columns: ChartColumn[] = [
    { label: seriesName(series.metric, series.labels), values, style: 'line', color: COLORS.value },
  ];
  const bands: ChartSpec['bands'] = [];
  if (series.band) {
    const { p50, p95 } = series.band;
    columns.push(
      {
        label: `baseline P50 (${formatNumber(p50)})`,
        values: xMillis.map(() => p50),
        style: 'dashed',
        color: COLORS.p50,
      },
      {
        label: `baseline P95 (${formatNumber(p95)})`,
        values: xMillis.map(() => p95),
        style: 'dashed',
        color: COLORS.p95,
      },
    );
    bands.push({ upper: columns.length, lower: columns.length - 1, color: 'rgba(45,164,78,0.12)' });
  }
  if (series.anomalies.length > 0) {
    const marks = column();
    for (const a of series.anomalies) {
      const i = at.get(a.timeMillis)!;
      marks[i] = a.value ?? values[i] ?? null;
    }
    columns.push({ label: 'anomaly', values: marks, style: 'points', color: COLORS.anomaly });
  }
  if (forecast) {
    const predicted = column();
    const lower = column();
    const upper = column();
    const lastIndex = lastValueIndex(values);
    if (lastIndex >= 0 && lastIndex !== at.get(forecast.targetTimeMillis)) {
      // The forecast line starts at the last observed value.
      predicted[lastIndex] = values[lastIndex]!;
      lower[lastIndex] = values[lastIndex]!;
      upper[lastIndex] = values[lastIndex]!;
    }
    const i = at.get(forecast.targetTimeMillis)!;
    predicted[i] = forecast.predicted;
    lower[i] = forecast.lower;
    upper[i] = forecast.upper;
    const coverage = `${Math.round(forecast.coverage * 100)}%`;
    columns.push(
      { label: 'forecast', values: predicted, style: 'dashed', color: COLORS.forecast },
      {
        label: `forecast ${coverage} lower`,
        values: lower,
        style: 'interval',
        color: COLORS.forecast,
      },
      {
        label: `forecast ${coverage} upper`,
        values: upper,
        style: 'interval',
        color: COLORS.forecast,
      },
    );
    bands.push({
      upper: columns.length,
      lower: columns.length - 1,
      color: 'rgba(130,80,223,0.15)',
    });
  }
  return {
    id: `chart-series-${index}`,
    title: seriesName(series.metric, series.labels),
    yLabel: series.valueKind === 'mean' ? `mean ${series.unit}` : series.unit,
    x: xMillis.map((t) => t / 1000),
    columns,
    bands,
  };
}

function lastValueIndex(values: readonly (number | null)[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return i;
  return -1;
}

/** The history chart of one SLO group (SLI and budget left), or undefined with < 2 records. */
export function sloChart(slo: ReportSlo, index: number): ChartSpec | undefined {
  if (slo.history.length < 2) return undefined;
  return {
    id: `chart-slo-${index}`,
    title: `${slo.title}: history`,
    yLabel: 'ratio',
    x: slo.history.map((h) => h.timeMillis / 1000),
    columns: [
      { label: 'SLI', values: slo.history.map((h) => h.sli), style: 'line', color: COLORS.sli },
      {
        label: 'budget remaining',
        values: slo.history.map((h) => h.budgetRemaining),
        style: 'line',
        color: COLORS.budget,
      },
    ],
    bands: [],
  };
}

/** Every chart of the report, series charts first; series with < 2 x values are left out. */
export function reportCharts(data: ReportData): ChartSpec[] {
  const charts: ChartSpec[] = [];
  data.series.forEach((s, i) => {
    const chart = seriesChart(s, i);
    if (chart.x.length >= 2) charts.push(chart);
  });
  data.slos.forEach((slo, i) => {
    const chart = sloChart(slo, i);
    if (chart) charts.push(chart);
  });
  return charts;
}
