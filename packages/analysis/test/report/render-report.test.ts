/**
 * The HTML report renders every section from its data, escapes every telemetry string (metric
 * names, labels, summaries) in markup and in the embedded chart JSON, and references nothing
 * outside the file.
 */
import { describe, expect, it } from 'vitest';
import { seriesChart } from '../../src/report/chart-specs.js';
import type { ChartSpec } from '../../src/report/chart-specs.js';
import { escapeHtml, jsonForScript } from '../../src/report/escape.js';
import { renderReport } from '../../src/report/render-report.js';
import type { ReportData, ReportSeries } from '../../src/report/types.js';

const HOSTILE = `</script><script>alert("x")</script><img src=x onerror="alert('y')">`;
const T0 = Date.UTC(2026, 2, 1, 12);

function series(overrides: Partial<ReportSeries> = {}): ReportSeries {
  const times = Array.from({ length: 6 }, (_, i) => T0 + i * 10_000);
  return {
    id: '7',
    metric: `heterodyne.operation.duration${HOSTILE}`,
    unit: 's',
    labels: { 'heterodyne.operation.name': HOSTILE, [`key"${HOSTILE}`]: 'v' },
    valueKind: 'mean',
    times,
    values: [0.1, 0.12, null, 0.11, 0.9, 0.13],
    band: { p50: 0.11, p95: 0.2, method: 'percentile', sampleCount: 120 },
    trend: { direction: 'stable', slopePerSecond: 0, pValue: 0.8, relativeChange: 0 },
    anomalies: [{ timeMillis: times[4]!, value: 0.9, score: 7.5, summary: HOSTILE }],
    forecast: {
      metric: 'heterodyne.operation.duration',
      series: HOSTILE,
      seriesId: '7',
      targetTimeMillis: T0 + 150_000,
      predicted: 0.12,
      lower: 0.05,
      upper: 0.3,
      coverage: 0.95,
      model: 'holt_winters',
      source: 'report',
    },
    ...overrides,
  };
}

function data(): ReportData {
  const hostileFinding = {
    engine: 'anomaly',
    kind: 'anomaly',
    severity: 'warning',
    state: 'firing',
    summary: HOSTILE,
    labels: { metric: HOSTILE, series_id: '7' },
    value: 7.5,
    startsAtMillis: T0 + 40_000,
  };
  return {
    title: `Report ${HOSTILE}`,
    generatedAtMillis: T0 + 60_000,
    source: HOSTILE,
    health: {
      status: 'ok',
      version: '0.1.0',
      startedAtMillis: T0,
      uptimeSeconds: 60,
      activeSeries: 3,
      memoryBytes: 2 ** 20,
      acceptedPoints: 100,
      rejectedPoints: 1,
      dropped: { duplicate: 2 },
      engines: [{ name: 'slo', healthy: true, lastEvaluationMillis: T0, detail: HOSTILE }],
      components: [{ name: 'store', healthy: false, message: HOSTILE }],
    },
    slos: [
      {
        id: 'error_rate-1',
        sloId: 'error_rate',
        title: `Error rate ${HOSTILE}`,
        labels: { 'service.name': HOSTILE },
        objective: 0.99,
        sli: 0.2,
        sliTarget: 0.01,
        comparison: '<=',
        budgetRemaining: -19,
        burnRates: { '5m': 20, '1h': 20 },
        timeToExhaustionSeconds: null,
        state: 'burning',
        window: '30d',
        firingAlerts: ['page'],
        history: [
          { timeMillis: T0, sli: 0.1, budgetRemaining: 0.5 },
          { timeMillis: T0 + 30_000, sli: 0.2, budgetRemaining: -19 },
        ],
      },
    ],
    series: [series()],
    anomalies: [hostileFinding],
    drifts: [
      {
        metric: HOSTILE,
        series: HOSTILE,
        detectedAtMillis: T0,
        magnitude: 0.4,
        confidence: 0.99,
        test: 'mann-whitney',
        summary: HOSTILE,
        state: 'firing',
      },
    ],
    forecasts: [series().forecast!],
    opportunities: [
      { ...hostileFinding, engine: 'optimization', kind: 'opportunity', suggestedAction: HOSTILE },
    ],
    alerts: {
      active: [
        {
          id: 'a1',
          ruleId: HOSTILE,
          severity: 'critical',
          status: 'firing',
          summary: HOSTILE,
          labels: { alertname: HOSTILE },
          firstSeenAtMillis: T0,
          lastSeenAtMillis: T0,
          count: 2,
        },
      ],
      resolved: [],
    },
    otherFindings: [{ ...hostileFinding, engine: 'slo', kind: 'slo.burn_rate.page' }],
  };
}

/** The chart specs embedded in a rendered report, parsed as the page script parses them. */
function embeddedCharts(html: string): ChartSpec[] {
  const match = /<script type="application\/json" id="report-charts">([\s\S]*?)<\/script>/.exec(
    html,
  );
  if (!match) throw new Error('no chart data element');
  return JSON.parse(match[1]!) as ChartSpec[];
}

describe('renderReport', () => {
  const html = renderReport(data());

  it('escapes hostile metric names, labels and summaries everywhere in the markup', () => {
    // Only the report's own three script elements open and close.
    expect(html.match(/<script/gi)).toHaveLength(3);
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('alert("x")');
    expect(html).toContain(escapeHtml(HOSTILE));
    // A hostile label key cannot open an attribute either.
    expect(html).not.toContain(`key"</script>`);
  });

  it('embeds the chart data as JSON that reads back unchanged', () => {
    const charts = embeddedCharts(html);
    const expected = JSON.parse(JSON.stringify([seriesChart(series(), 0)])) as ChartSpec[];
    expect(charts[0]).toEqual(expected[0]);
    expect(charts[0]!.columns[0]!.label).toContain(HOSTILE);
    expect(charts.map((c) => c.id)).toEqual(['chart-series-0', 'chart-slo-0']);
  });

  it('is self-contained: uPlot inlined, nothing loaded from elsewhere, network denied by CSP', () => {
    expect(html).toContain('uPlot');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src &#39;none&#39;/);
  });

  it('shows every section with its numbers', () => {
    for (const id of [
      'slos',
      'trends',
      'anomalies',
      'drift',
      'forecasts',
      'opportunities',
      'alerts',
      'findings',
      'health',
    ]) {
      expect(html).toContain(`<section id="${id}">`);
    }
    expect(html).toContain('0.2 &lt;= 0.01'); // SLI vs target
    expect(html).toContain('-1900%'); // budget overspent
    expect(html).toContain('5m: 20');
    expect(html).toContain('[0.05, 0.3] (95%)'); // forecast interval
    expect(html).toContain('Active (1)');
    expect(html).toContain('P50 0.11, P95 0.2');
  });
});

describe('jsonForScript', () => {
  it('never lets the data end its script element, and parses back to the same value', () => {
    const value = {
      a: '</script><!-- <script>',
      b: 'line\u2028sep\u2029',
      c: '&amp;',
      d: [1, null],
    };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('seriesChart', () => {
  it('aligns samples, the baseline band, anomaly markers and the forecast interval on one axis', () => {
    const chart = seriesChart(series(), 0);
    expect(chart.x).toEqual([...series().times, T0 + 150_000].map((t) => t / 1000));
    expect(chart.columns[0]!.label.startsWith(`heterodyne.operation.duration${HOSTILE}{`)).toBe(
      true,
    );
    expect(chart.columns.slice(1).map((c) => c.label)).toEqual([
      'baseline P50 (0.11)',
      'baseline P95 (0.2)',
      'anomaly',
      'forecast',
      'forecast 95% lower',
      'forecast 95% upper',
    ]);
    const [values, p50, p95, anomaly, predicted, lower, upper] = chart.columns.map((c) => c.values);
    expect(values).toEqual([0.1, 0.12, null, 0.11, 0.9, 0.13, null]);
    expect(p50!.every((v) => v === 0.11)).toBe(true);
    expect(p95!.every((v) => v === 0.2)).toBe(true);
    expect(anomaly).toEqual([null, null, null, null, 0.9, null, null]);
    // The forecast starts at the last sample and ends at its target with the interval.
    expect(predicted).toEqual([null, null, null, null, null, 0.13, 0.12]);
    expect(lower!.slice(5)).toEqual([0.13, 0.05]);
    expect(upper!.slice(5)).toEqual([0.13, 0.3]);
    expect(chart.bands).toEqual([
      { upper: 3, lower: 2, color: expect.any(String) },
      { upper: 7, lower: 6, color: expect.any(String) },
    ]);
  });
});
