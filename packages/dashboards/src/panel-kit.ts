/**
 * Small helpers over the foundation SDK builders, so every panel of every dashboard gets the
 * same things right: the `${datasource}` variable, a unit, a description and Prometheus
 * queries with legends.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** The name of every dashboard's datasource variable. */
export const DATASOURCE_VARIABLE = 'datasource';

/** The datasource every panel and variable queries: the `${datasource}` variable. */
export const DATASOURCE_REF: common.DataSourceRef = {
  type: 'prometheus',
  uid: `\${${DATASOURCE_VARIABLE}}`,
};

/** The range of `rate()` and `increase()` in panels: Grafana's scrape-aware interval. */
export const RATE = '$__rate_interval';

/** One Prometheus query of a panel. */
export interface PanelQuery {
  /** PromQL. */
  readonly expr: string;
  /** Legend template (`{{label}}`). */
  readonly legend: string;
}

/** What every panel states. */
export interface PanelOptions {
  readonly title: string;
  /** Hover text: what the panel shows and how it is computed. */
  readonly description: string;
  /** Grafana unit id (`s`, `percentunit`, `bytes`, `ops`, `suffix:×`). */
  readonly unit: string;
  readonly queries: readonly PanelQuery[];
  /** Width in grid columns (of 24). @default 12 */
  readonly width?: number;
  /** Height in grid rows. @default 8 */
  readonly height?: number;
  /** Axis minimum. */
  readonly min?: number;
  /** Axis maximum. */
  readonly max?: number;
}

function targets(queries: readonly PanelQuery[], instant: boolean): prometheus.DataqueryBuilder[] {
  return queries.map((q, i) => {
    const query = new prometheus.DataqueryBuilder()
      .datasource(DATASOURCE_REF)
      .refId(String.fromCharCode(65 + i))
      .expr(q.expr)
      .legendFormat(q.legend);
    return instant ? query.instant() : query.range();
  });
}

/** A time series panel (range queries). */
export function timeseriesPanel(options: PanelOptions): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(options.title)
    .description(options.description)
    .datasource(DATASOURCE_REF)
    .unit(options.unit)
    .span(options.width ?? 12)
    .height(options.height ?? 8)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .legend(
      new common.VizLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom)
        .showLegend(true),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi));
  if (options.min !== undefined) panel.min(options.min);
  if (options.max !== undefined) panel.max(options.max);
  for (const t of targets(options.queries, false)) panel.withTarget(t);
  return panel;
}

/** A stat panel showing the last value of instant queries. */
export function statPanel(options: PanelOptions): stat.PanelBuilder {
  const panel = new stat.PanelBuilder()
    .title(options.title)
    .description(options.description)
    .datasource(DATASOURCE_REF)
    .unit(options.unit)
    .span(options.width ?? 6)
    .height(options.height ?? 4)
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  if (options.min !== undefined) panel.min(options.min);
  if (options.max !== undefined) panel.max(options.max);
  for (const t of targets(options.queries, true)) panel.withTarget(t);
  return panel;
}

/** The `datasource` variable: any Prometheus datasource, the provisioned one by default. */
export function datasourceVariable(defaultName: string): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Data source')
    .type('prometheus')
    .current({ text: defaultName, value: defaultName });
}

/** A multi-value query variable over a label's values, `All` matching any value. */
export function labelVariable(
  name: string,
  label: string,
  metric: string,
  labelName: string,
): dashboard.QueryVariableBuilder {
  const query = `label_values(${metric}, ${labelName})`;
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE_REF)
    .query({ query, refId: 'PrometheusVariableQueryEditor-VariableQuery', qryType: 1 })
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: ['All'], value: ['$__all'] });
}

/** A dashboard with the settings every generated one shares. */
export function baseDashboard(
  uid: string,
  title: string,
  description: string,
  variables: readonly cog.Builder<dashboard.VariableModel>[],
): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['heterodyne', 'generated'])
    .timezone('browser')
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .readonly()
    .variables([...variables]);
}

/**
 * `num / den` per `by` labels, 0 where the denominator has data and the numerator none (a
 * counter that only appears on its first event: no errors yet is a 0 % error rate).
 */
export function ratioOrZero(num: string, den: string, by: readonly string[]): string {
  const b = by.length > 0 ? ` by (${by.join(', ')})` : '';
  return `(sum${b} (${num}) or (sum${b} (${den}) * 0)) / sum${b} (${den})`;
}

/** `histogram_quantile(q, sum by (le, ...) (rate(bucket{selector}[RATE])))`. */
export function quantile(
  q: number,
  bucketName: string,
  selector: string,
  by: readonly string[],
): string {
  return `histogram_quantile(${q}, sum by (${['le', ...by].join(', ')}) (rate(${bucketName}{${selector}}[${RATE}])))`;
}

/** A {@link quantilePanel}: one quantile of one histogram, one line per value of one label. */
export interface QuantilePanelOptions extends Omit<PanelOptions, 'queries'> {
  /** The quantile, 0..1. */
  readonly q: number;
  /** The histogram's bucket series (`..._bucket`). */
  readonly bucketName: string;
  /** Label matchers inside `{}`. */
  readonly selector: string;
  /** The label of the lines, also their legend. */
  readonly by: string;
}

/** A time series panel of `quantile(q, bucketName, selector, [by])`, legend `{{by}}`. */
export function quantilePanel(options: QuantilePanelOptions): timeseries.PanelBuilder {
  const { q, bucketName, selector, by, ...panel } = options;
  return timeseriesPanel({
    ...panel,
    queries: [{ expr: quantile(q, bucketName, selector, [by]), legend: `{{${by}}}` }],
  });
}
