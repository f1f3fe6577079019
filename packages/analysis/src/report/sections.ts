/**
 * The report's sections as HTML. Every value from the data is escaped here (`escapeHtml`);
 * charts are empty placeholders the page script fills.
 */
import { escapeHtml as h } from './escape.js';
import {
  formatDuration,
  formatLabels,
  formatNumber,
  formatPercent,
  formatTime,
  seriesName,
} from './format.js';
import type { ChartSpec } from './chart-specs.js';
import type {
  ReportAlert,
  ReportData,
  ReportDrift,
  ReportFinding,
  ReportForecast,
  ReportSlo,
} from './types.js';

/** A table, or a short note when there are no rows. Cells are HTML already escaped. */
function table(headers: readonly string[], rows: readonly string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${h(empty)}</p>`;
  const head = headers.map((c) => `<th>${h(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function badge(text: string, kind: string): string {
  return `<span class="badge ${h(kind.replace(/[^a-z_-]/gi, ''))}">${h(text)}</span>`;
}

/** A horizontal meter of a share in [0, 1] (clamped), with the value written beside it. */
function meter(ratio: number, text: string): string {
  const width = Math.max(0, Math.min(1, Number.isFinite(ratio) ? ratio : 0)) * 100;
  const level = ratio < 0.1 ? 'bad' : ratio < 0.5 ? 'warn' : 'good';
  return `<span class="meter"><span class="fill ${level}" style="width:${width.toFixed(1)}%"></span></span> ${h(text)}`;
}

function chartBox(id: string): string {
  return `<div class="chart" id="${h(id)}"></div>`;
}

/** SLO compliance and budgets. */
export function sloSection(slos: readonly ReportSlo[], charts: ReadonlySet<string>): string {
  const rows = slos.map((s) => {
    const met =
      s.sli === null ? null : s.comparison === '>=' ? s.sli >= s.sliTarget : s.sli <= s.sliTarget;
    const burn = Object.entries(s.burnRates)
      .map(([w, r]) => `${h(w)}: ${h(formatNumber(r))}`)
      .join('<br>');
    return [
      `${h(s.title)}<div class="labels">${h(formatLabels(s.labels))}</div>`,
      `${h(formatNumber(s.sli))} ${h(s.comparison)} ${h(formatNumber(s.sliTarget))} ${
        met === null ? badge('no data', 'muted') : met ? badge('met', 'ok') : badge('missed', 'bad')
      }`,
      `${h(formatPercent(s.objective))} over ${h(s.window)}`,
      meter(s.budgetRemaining, formatPercent(s.budgetRemaining)),
      burn || '–',
      h(formatDuration(s.timeToExhaustionSeconds)),
      `${badge(s.state, s.state === 'burning' ? 'bad' : s.state === 'ok' ? 'ok' : 'muted')}${
        s.firingAlerts.length > 0 ? ` ${h(s.firingAlerts.join(', '))}` : ''
      }`,
    ];
  });
  const history = slos
    .map((s, i) => (charts.has(`chart-slo-${i}`) ? chartBox(`chart-slo-${i}`) : ''))
    .join('\n');
  return `<section id="slos"><h2>SLO compliance and error budgets</h2>
${table(['SLO', 'SLI vs target', 'objective', 'budget remaining', 'burn rates', 'budget exhausted in', 'state'], rows, 'No SLO is evaluated yet.')}
${history}
</section>`;
}

/** Trends with baseline bands, anomaly markers and forecasts: one chart per series. */
export function trendsSection(data: ReportData, charts: readonly ChartSpec[]): string {
  const drawn = new Set(charts.map((c) => c.id));
  const blocks = data.series.map((s, i) => {
    const id = `chart-series-${i}`;
    const trend = s.trend
      ? `trend: ${badge(s.trend.direction, s.trend.direction === 'degrading' ? 'bad' : s.trend.direction === 'improving' ? 'ok' : 'muted')} slope ${h(formatNumber(s.trend.slopePerSecond))}/s, p=${h(formatNumber(s.trend.pValue))}`
      : 'trend: too few samples';
    const band = s.band
      ? `baseline (${h(s.band.method)}, ${s.band.sampleCount} samples): P50 ${h(formatNumber(s.band.p50))}, P95 ${h(formatNumber(s.band.p95))}`
      : 'no baseline yet';
    const chart = drawn.has(id) ? chartBox(id) : `<p class="empty">Fewer than two samples.</p>`;
    return `<div class="series"><h3>${h(seriesName(s.metric, s.labels))}</h3>
<p class="meta">${s.valueKind === 'mean' ? 'mean per interval' : 'value'} (${h(s.unit || 'no unit')}) · ${band} · ${trend} · ${s.anomalies.length} anomalies</p>
${chart}</div>`;
  });
  return `<section id="trends"><h2>Trends with baseline bands</h2>
${blocks.length === 0 ? '<p class="empty">No series received yet.</p>' : blocks.join('\n')}
</section>`;
}

function findingRow(f: ReportFinding, scoreLabel: boolean): string[] {
  return [
    h(formatTime(f.startsAtMillis)),
    h(f.labels.metric ?? f.kind),
    `<span class="labels">${h(formatLabels(f.labels))}</span>`,
    h(scoreLabel ? formatNumber(f.value) : f.severity),
    h(f.summary),
    badge(f.state, f.state === 'firing' ? 'bad' : 'ok'),
  ];
}

/** Anomalies with their scores. */
export function anomaliesSection(anomalies: readonly ReportFinding[]): string {
  return `<section id="anomalies"><h2>Anomalies</h2>
${table(
  ['since', 'metric', 'series', 'score', 'summary', 'state'],
  anomalies.map((a) => findingRow(a, true)),
  'No anomaly detected.',
)}
</section>`;
}

/** Drift events. */
export function driftSection(drifts: readonly ReportDrift[]): string {
  const rows = drifts.map((d) => [
    h(formatTime(d.detectedAtMillis)),
    h(d.metric),
    `<span class="labels">${h(d.series)}</span>`,
    h(formatNumber(d.magnitude)),
    h(formatPercent(d.confidence)),
    h(d.test),
    h(d.summary),
    badge(d.state, d.state === 'firing' ? 'bad' : 'muted'),
  ]);
  return `<section id="drift"><h2>Drift events</h2>
${table(['detected', 'metric', 'series', 'magnitude', 'confidence', 'test', 'summary', 'state'], rows, 'No baseline drift detected.')}
</section>`;
}

/** Forecasts with their intervals. */
export function forecastsSection(forecasts: readonly ReportForecast[]): string {
  const rows = forecasts.map((f) => [
    h(f.series),
    h(formatTime(f.targetTimeMillis)),
    h(formatNumber(f.predicted)),
    `[${h(formatNumber(f.lower))}, ${h(formatNumber(f.upper))}] (${h(formatPercent(f.coverage))})`,
    h(f.model ?? '–'),
    h(
      f.source === 'finding'
        ? (f.summary ?? 'engine finding')
        : f.source === 'engine'
          ? 'trend engine'
          : 'computed for this report',
    ),
  ]);
  return `<section id="forecasts"><h2>Forecasts</h2>
${table(['series', 'for', 'predicted', 'interval', 'model', 'source'], rows, 'Too few samples to forecast.')}
</section>`;
}

/** Optimization opportunities. */
export function opportunitiesSection(opportunities: readonly ReportFinding[]): string {
  const rows = opportunities.map((o) => [
    h(formatTime(o.startsAtMillis)),
    badge(o.severity, o.severity === 'critical' || o.severity === 'error' ? 'bad' : 'warn'),
    h(o.summary),
    h(o.suggestedAction ?? '–'),
    `<span class="labels">${h(formatLabels(o.labels))}</span>`,
    badge(o.state, o.state === 'firing' ? 'warn' : 'ok'),
  ]);
  return `<section id="opportunities"><h2>Optimization opportunities</h2>
${table(['since', 'priority', 'opportunity', 'suggested action', 'labels', 'state'], rows, 'No optimization opportunity found.')}
</section>`;
}

function alertRows(alerts: readonly ReportAlert[]): string[][] {
  return alerts.map((a) => [
    badge(a.severity, a.severity === 'critical' || a.severity === 'error' ? 'bad' : 'warn'),
    h(a.ruleId),
    h(a.summary),
    `<span class="labels">${h(formatLabels(a.labels))}</span>`,
    h(formatTime(a.firstSeenAtMillis)),
    h(
      a.resolvedAtMillis !== undefined
        ? `resolved ${formatTime(a.resolvedAtMillis)}`
        : a.acknowledgedAtMillis !== undefined
          ? `acknowledged ${formatTime(a.acknowledgedAtMillis)}`
          : a.status,
    ),
    String(a.count),
  ]);
}

/** Active and resolved alerts. */
export function alertsSection(alerts: ReportData['alerts']): string {
  const headers = ['severity', 'rule', 'summary', 'labels', 'first seen', 'status', 'count'];
  return `<section id="alerts"><h2>Alerts</h2>
<h3>Active (${alerts.active.length})</h3>
${table(headers, alertRows(alerts.active), 'No active alert.')}
<h3>Resolved (${alerts.resolved.length})</h3>
${table(headers, alertRows(alerts.resolved), 'No resolved alert.')}
</section>`;
}

/** Other firing findings (SLO burn, threshold rules). */
export function findingsSection(findings: readonly ReportFinding[]): string {
  const rows = findings.map((f) => [
    h(formatTime(f.startsAtMillis)),
    h(`${f.engine}/${f.kind}`),
    h(f.severity),
    h(f.summary),
    `<span class="labels">${h(formatLabels(f.labels))}</span>`,
  ]);
  return `<section id="findings"><h2>Other firing conditions</h2>
${table(['since', 'source', 'severity', 'summary', 'labels'], rows, 'Nothing else fires.')}
</section>`;
}

/** Service health: status, ingest totals, engines and components. */
export function healthSection(health: ReportData['health']): string {
  const facts = [
    ['status', badge(health.status, health.status === 'ok' ? 'ok' : 'bad')],
    ['version', h(health.version)],
    [
      'up since',
      `${h(formatTime(health.startedAtMillis))} (${h(formatDuration(health.uptimeSeconds))})`,
    ],
    ['active series', String(health.activeSeries)],
    ['series memory', `${h(formatNumber(health.memoryBytes / 2 ** 20))} MiB`],
    ['points accepted / rejected', `${health.acceptedPoints} / ${health.rejectedPoints}`],
    [
      'points dropped',
      h(
        Object.entries(health.dropped)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k}: ${n}`)
          .join(', ') || 'none',
      ),
    ],
  ];
  const engines = health.engines.map((e) => [
    h(e.name),
    badge(e.healthy ? 'healthy' : 'unhealthy', e.healthy ? 'ok' : 'bad'),
    h(formatTime(e.lastEvaluationMillis)),
    `<span class="labels">${h(e.detail ?? '')}</span>`,
  ]);
  const components = health.components.map((c) => [
    h(c.name),
    badge(c.healthy ? 'healthy' : 'unhealthy', c.healthy ? 'ok' : 'bad'),
    h(c.message ?? ''),
  ]);
  return `<section id="health"><h2>Service health</h2>
<dl class="facts">${facts.map(([k, v]) => `<dt>${h(k as string)}</dt><dd>${v as string}</dd>`).join('')}</dl>
<h3>Engines</h3>
${table(['engine', 'health', 'last evaluation', 'detail'], engines, 'No engine runs.')}
<h3>Components</h3>
${table(['component', 'health', 'message'], components, 'No component reported.')}
</section>`;
}
