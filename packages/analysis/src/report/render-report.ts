/**
 * The HTML report: one self-contained file (uPlot's script and style sheet inlined, the chart
 * data embedded as JSON, no external reference), so it can be mailed, archived or opened
 * offline. The page's content security policy allows no network access at all.
 */
import { loadReportAssets } from './assets.js';
import type { ReportAssets } from './assets.js';
import { CHART_SCRIPT } from './chart-script.js';
import { reportCharts } from './chart-specs.js';
import { escapeHtml as h, inlineSafe, jsonForScript } from './escape.js';
import { formatTime } from './format.js';
import {
  alertsSection,
  anomaliesSection,
  driftSection,
  findingsSection,
  forecastsSection,
  healthSection,
  opportunitiesSection,
  sloSection,
  trendsSection,
} from './sections.js';
import type { ReportData } from './types.js';

/**
 * The content security policy of the report: inline script and style only, images only as
 * data URLs, no fetch, no frames, no forms. A report opened from disk or served by `/report`
 * cannot reach the network. (Set in a `<meta>` element, so without `frame-ancestors`, which
 * browsers honour only as a header: `/report` adds it there.)
 */
export const REPORT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #f6f8fa; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: var(--fg); margin: 0; }
header { background: #0d1117; color: #f0f6fc; padding: 16px 24px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #9da7b3; }
nav { padding: 8px 24px; background: var(--bg); border-bottom: 1px solid var(--line); }
nav a { margin-right: 14px; color: #0969da; text-decoration: none; }
main { padding: 0 24px 32px; max-width: 1200px; }
section { margin-top: 28px; }
h2 { font-size: 17px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--bg); font-weight: 600; }
.labels, .meta, .empty { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; border: 1px solid var(--line); }
.badge.ok { background: #dafbe1; } .badge.bad { background: #ffebe9; } .badge.warn { background: #fff8c5; } .badge.muted { background: var(--bg); }
.meter { display: inline-block; width: 90px; height: 8px; background: var(--bg); border: 1px solid var(--line); vertical-align: middle; }
.meter .fill { display: block; height: 100%; } .fill.good { background: #2da44e; } .fill.warn { background: #bf8700; } .fill.bad { background: #cf222e; }
.chart { margin: 8px 0 16px; min-height: 300px; }
.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; }
`;

/** Options of {@link renderReport}. */
export interface RenderReportOptions {
  /** The inlined charting library. @default read from the installed `uplot` package */
  assets?: ReportAssets;
}

/**
 * Renders the report as one HTML document. Pure apart from reading uPlot's files (once, then
 * cached): the same data gives the same text. Every string of `data` is escaped; the chart
 * data is embedded as JSON with `<`, `>` and `&` escaped.
 */
export function renderReport(data: ReportData, options: RenderReportOptions = {}): string {
  const assets = options.assets ?? loadReportAssets();
  const charts = reportCharts(data);
  const chartIds = new Set(charts.map((c) => c.id));
  const nav = [
    ['slos', 'SLOs'],
    ['trends', 'Trends'],
    ['anomalies', 'Anomalies'],
    ['drift', 'Drift'],
    ['forecasts', 'Forecasts'],
    ['opportunities', 'Opportunities'],
    ['alerts', 'Alerts'],
    ['findings', 'Other conditions'],
    ['health', 'Health'],
  ]
    .map(([id, text]) => `<a href="#${id as string}">${text as string}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${h(REPORT_CONTENT_SECURITY_POLICY)}">
<meta name="generator" content="@heterodyne/analysis">
<title>${h(data.title)}</title>
<style>${inlineSafe(assets.uplotCss, 'style')}</style>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${h(data.title)}</h1>
<p>Generated ${h(formatTime(data.generatedAtMillis))} from ${h(data.source)} · health ${h(data.health.status)} · ${data.alerts.active.length} active alerts · ${data.anomalies.length} anomalies · ${data.drifts.length} drift events · ${data.opportunities.length} opportunities</p></header>
<nav>${nav}</nav>
<main>
${sloSection(data.slos, chartIds)}
${trendsSection(data, charts)}
${anomaliesSection(data.anomalies)}
${driftSection(data.drifts)}
${forecastsSection(data.forecasts)}
${opportunitiesSection(data.opportunities)}
${alertsSection(data.alerts)}
${findingsSection(data.otherFindings)}
${healthSection(data.health)}
</main>
<script type="application/json" id="report-charts">${jsonForScript(charts)}</script>
<script>${inlineSafe(assets.uplotScript, 'script')}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}
