/**
 * The Prometheus queries of a built dashboard, panel by panel (rows' collapsed panels
 * included) plus its annotations, and the substitution of its template variables: what a
 * test runs through Prometheus's HTTP API to prove every panel queries something real.
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** One query of one panel (or annotation). */
export interface DashboardQuery {
  /** `<dashboard uid> / <panel title> / <refId>` or `<uid> / annotation / <name>`. */
  readonly id: string;
  readonly dashboardUid: string;
  readonly panelTitle: string;
  readonly expr: string;
}

type AnyPanel = dashboard.Panel | dashboard.RowPanel;

function isRow(panel: AnyPanel): panel is dashboard.RowPanel {
  return panel.type === 'row';
}

/** The non-row panels of a dashboard, rows' nested panels included. */
export function panelsOf(d: dashboard.Dashboard): dashboard.Panel[] {
  const out: dashboard.Panel[] = [];
  for (const panel of (d.panels ?? []) as AnyPanel[]) {
    if (isRow(panel)) out.push(...((panel.panels ?? []) as dashboard.Panel[]));
    else out.push(panel);
  }
  return out;
}

/** Every Prometheus expression of a dashboard's panels and annotations. */
export function dashboardQueries(d: dashboard.Dashboard): DashboardQuery[] {
  const uid = d.uid ?? '';
  const out: DashboardQuery[] = [];
  for (const panel of panelsOf(d)) {
    for (const target of (panel.targets ?? []) as { refId?: string; expr?: string }[]) {
      if (typeof target.expr !== 'string') continue;
      out.push({
        id: `${uid} / ${panel.title ?? ''} / ${target.refId ?? ''}`,
        dashboardUid: uid,
        panelTitle: panel.title ?? '',
        expr: target.expr,
      });
    }
  }
  for (const a of d.annotations?.list ?? []) {
    const expr = (a as { expr?: string }).expr;
    if (typeof expr === 'string') {
      out.push({
        id: `${uid} / annotation / ${a.name}`,
        dashboardUid: uid,
        panelTitle: `annotation ${a.name}`,
        expr,
      });
    }
  }
  return out;
}

/**
 * `expr` with Grafana's variables replaced: `$__rate_interval` and `$__interval` by
 * `rateInterval`, and `$name` / `${name}` by `values[name]` (for a multi-value variable
 * with `All`, its all-value, e.g. `.*`). Throws naming any variable left unreplaced.
 */
export function substituteVariables(
  expr: string,
  values: Readonly<Record<string, string>>,
  rateInterval = '1m',
): string {
  const out = expr
    .replaceAll('$__rate_interval', rateInterval)
    .replaceAll('$__interval', rateInterval)
    .replace(
      /\$\{(\w+)\}|\$(\w+)/g,
      (whole, braced: string | undefined, bare: string | undefined) => {
        const name = braced ?? bare ?? '';
        const value = values[name];
        if (value === undefined)
          throw new Error(`no value for the variable '${whole}' in: ${expr}`);
        return value;
      },
    );
  return out;
}
