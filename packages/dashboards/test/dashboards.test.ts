/**
 * Each dashboard against the foundation SDK's types and the conventions a provisioned
 * dashboard needs: the members the SDK's types require (checked through its `default*()`
 * values), panel plugins and options the SDK knows, a Grafana unit and the `${datasource}`
 * variable on every panel and query, variables that exist, stable UIDs and panel ids, a
 * layout inside the grid, and metric names that are translations of semconv names.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as units from '@grafana/grafana-foundation-sdk/units';
import {
  BASELINE_METRICS,
  METRICS,
  MONITOR_METRICS,
  ANALYTICS_METRICS,
  OPTIMIZATION_METRICS,
  SLO_METRICS,
  prometheusNameOf,
} from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import {
  DASHBOARDS,
  DATASOURCE_VARIABLE,
  buildDashboard,
  dashboardQueries,
  panelsOf,
} from '../src/index.js';

/** Every value of `template` (an SDK default) has a value of the same kind in `value`. */
function conformsTo(value: unknown, template: unknown, path: string, errors: string[]): void {
  if (typeof template === 'function') return; // builder-side methods are not data
  if (template === null || template === undefined) return;
  if (Array.isArray(template)) {
    if (!Array.isArray(value)) errors.push(`${path}: expected an array`);
    return;
  }
  if (typeof template === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push(`${path}: expected an object`);
      return;
    }
    for (const [k, v] of Object.entries(template)) {
      const member = (value as Record<string, unknown>)[k];
      if (member === undefined) {
        if (typeof v !== 'function') errors.push(`${path}.${k}: missing`);
        continue;
      }
      conformsTo(member, v, `${path}.${k}`, errors);
    }
    return;
  }
  if (typeof value !== typeof template) errors.push(`${path}: expected a ${typeof template}`);
}

const PANEL_OPTIONS: Record<string, () => object> = {
  timeseries: timeseries.defaultOptions,
  stat: stat.defaultOptions,
};
const GRAFANA_UNITS = new Set<string>(Object.values(units).filter((v) => typeof v === 'string'));
const BUILTIN_VARIABLES = new Set(['__rate_interval', '__interval', '__range']);

const known = new Set<string>();
for (const d of [
  ...METRICS,
  ...MONITOR_METRICS,
  ...SLO_METRICS,
  ...BASELINE_METRICS,
  ...ANALYTICS_METRICS,
  ...OPTIMIZATION_METRICS,
]) {
  const name = prometheusNameOf(d);
  known.add(name);
  if (d.instrument === 'histogram')
    for (const s of ['_bucket', '_count', '_sum']) known.add(name + s);
}

/** The `heterodyne_*` metric names of a PromQL expression (label names left out). */
function metricNamesIn(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/\bheterodyne_[a-z0-9_]+\b/g)) {
    // A label name stands in `by (...)` lists or before a matcher operator.
    const after = expr.slice((m.index ?? 0) + m[0].length).trimStart();
    if (/^(=|!=|=~|!~|,|\))/.test(after)) continue;
    out.push(m[0]);
  }
  return out;
}

describe('the checks themselves', () => {
  it('find missing members and wrong kinds', () => {
    const errors: string[] = [];
    conformsTo({ title: 1 }, dashboard.defaultDashboard(), 'd', errors);
    expect(errors).toContain('d.schemaVersion: missing');
    conformsTo({ legend: {}, tooltip: 'x' }, timeseries.defaultOptions(), 'o', errors);
    expect(errors).toContain('o.tooltip: expected an object');
  });

  it('tell metric names from label names', () => {
    expect(
      metricNamesIn(
        'sum by (heterodyne_slo_id, le) (rate(heterodyne_x_bucket{heterodyne_slo_window="5m"}[1m])) / heterodyne_y',
      ),
    ).toEqual(['heterodyne_x_bucket', 'heterodyne_y']);
    expect(known.has('heterodyne_operation_duration_seconds_bucket')).toBe(true);
    expect(known.has('heterodyne_operation_duration_bucket')).toBe(false);
  });
});

describe.each(DASHBOARDS.map((d) => [d.uid, d] as const))('dashboard %s', (uid, definition) => {
  const built = buildDashboard(definition);
  // What Grafana reads: the JSON, not the builder's objects.
  const json = JSON.parse(JSON.stringify(built)) as dashboard.Dashboard;
  const panels = panelsOf(json);
  const variables = (json.templating?.list ?? []).map((v) => v.name);

  it('has the members the SDK types require', () => {
    const errors: string[] = [];
    conformsTo(json, dashboard.defaultDashboard(), uid, errors);
    for (const p of json.panels ?? []) {
      conformsTo(
        p,
        p.type === 'row' ? dashboard.defaultRowPanel() : dashboard.defaultPanel(),
        `${uid} panel ${p.title}`,
        errors,
      );
    }
    for (const p of panels) {
      const options = PANEL_OPTIONS[p.type];
      if (options === undefined) errors.push(`panel ${p.title}: plugin '${p.type}' not built here`);
      else conformsTo(p.options, options(), `panel ${p.title}.options`, errors);
      for (const t of p.targets ?? [])
        conformsTo(t, prometheus.defaultDataquery(), `panel ${p.title} target`, errors);
    }
    expect(errors).toEqual([]);
  });

  it('has a stable UID, a title and its own tag', () => {
    expect(json.uid).toBe(uid);
    expect(json.uid?.length).toBeLessThanOrEqual(40);
    expect(json.title).toMatch(/^Heterodyne \/ /);
    expect(json.tags).toContain('heterodyne');
  });

  it('offers the datasource variable, for Prometheus datasources', () => {
    const v = json.templating?.list?.find((x) => x.name === DATASOURCE_VARIABLE);
    expect(v?.type).toBe('datasource');
    expect(v?.query).toBe('prometheus');
  });

  it('sets a Grafana unit and the datasource variable on every panel and query', () => {
    expect(panels.length).toBeGreaterThan(0);
    for (const p of panels) {
      const unit = p.fieldConfig?.defaults?.unit;
      expect(unit, `${p.title}: unit`).toBeDefined();
      expect(
        GRAFANA_UNITS.has(unit as string) || /^suffix:.+/.test(unit as string),
        `${p.title}: unit '${unit}'`,
      ).toBe(true);
      expect(p.datasource, `${p.title}: datasource`).toEqual({
        type: 'prometheus',
        uid: '${datasource}',
      });
      expect(p.description, `${p.title}: description`).toBeTruthy();
      expect(p.targets?.length, `${p.title}: queries`).toBeGreaterThan(0);
      const targets = (p.targets ?? []) as prometheus.Dataquery[];
      for (const t of targets) {
        expect(t.datasource, `${p.title} ${t.refId}`).toEqual({
          type: 'prometheus',
          uid: '${datasource}',
        });
      }
      const refIds = targets.map((t) => t.refId);
      expect(new Set(refIds).size, `${p.title}: refIds`).toBe(refIds.length);
    }
    for (const v of json.templating?.list ?? []) {
      if (v.type === 'query')
        expect(v.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });

  it('uses only variables it defines', () => {
    for (const q of dashboardQueries(json)) {
      for (const m of q.expr.matchAll(/\$\{?(\w+)\}?/g)) {
        const name = m[1] as string;
        expect(BUILTIN_VARIABLES.has(name) || variables.includes(name), `${q.id}: $${name}`).toBe(
          true,
        );
      }
    }
  });

  it('queries only translated semconv names', () => {
    let checked = 0;
    for (const q of dashboardQueries(json)) {
      for (const name of metricNamesIn(q.expr)) {
        expect(known.has(name), `${q.id}: ${name}`).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('lays panels out inside the 24-column grid with unique ids', () => {
    const ids = (json.panels ?? []).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of json.panels ?? []) {
      const g = p.gridPos as dashboard.GridPos;
      expect(g.x + g.w, `${p.title}`).toBeLessThanOrEqual(24);
    }
  });
});

describe('dashboards', () => {
  it('have distinct UIDs and files', () => {
    expect(new Set(DASHBOARDS.map((d) => d.uid)).size).toBe(DASHBOARDS.length);
    expect(new Set(DASHBOARDS.map((d) => d.file)).size).toBe(DASHBOARDS.length);
  });
});
