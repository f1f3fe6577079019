/**
 * The generated Grafana dashboards against a real Prometheus (the Debian `prometheus` 2.42
 * binary): the analysis service runs on loopback with an instrumented workload exporting
 * OTLP into it, Prometheus scrapes its /metrics, and then every dashboard variable, panel
 * query and annotation, and every generated Grafana alert rule expression, goes through
 * Prometheus's HTTP API with the template variables filled in as Grafana fills them. Each
 * must be valid PromQL; each panel must return data, except those in MAY_BE_EMPTY, each
 * with the reason its metric can be absent. Without the binary the test skips with the
 * reason, except under CI=true, where it fails.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ALERT_RULE_SPECS,
  DASHBOARDS,
  buildDashboard,
  dashboardQueries,
  substituteVariables,
} from '@heterodyne/dashboards';
import { expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { startInstrumentedWorkload } from './helpers/instrumented-workload.js';
import { prometheusAvailable, startPrometheus } from './helpers/prometheus-binary.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';

const available = prometheusAvailable();
const inCi = process.env.CI === 'true';
if (!available && !inCi) {
  console.warn(
    '\n*** SKIPPING the dashboard queries against Prometheus: the prometheus binary is not installed (apt-get install prometheus, or set PROMETHEUS_BIN) ***\n',
  );
}

/**
 * Panels (`<dashboard uid> / <panel title>`) whose queries are valid but may return nothing
 * in this run, and why.
 */
const MAY_BE_EMPTY: Readonly<Record<string, string>> = {
  'heterodyne-analytics / Anomaly scores':
    'the anomaly engine scores a series only after its warm-up (48 points), longer than this run',
  'heterodyne-analytics / Series anomalous now':
    'the anomaly engine scores a series only after its warm-up (48 points), longer than this run',
  'heterodyne-analytics / Forecasts':
    'the trend engine forecasts a series only once it holds enough points, longer than this run',
  'heterodyne-optimization-alerts / Open opportunities by template':
    'a healthy workload has no optimization opportunity and no remediation',
  'heterodyne-optimization-alerts / Remediation actions by outcome':
    'a healthy workload has no optimization opportunity and no remediation',
  'heterodyne-analytics / annotation Anomalies':
    'anomalies happen only when a series turns anomalous; the workload is steady',
  'heterodyne-analytics / Drift events':
    'the drift counter has a series only once a baseline drifted; a steady workload need not drift',
  'heterodyne-analytics / annotation Drift events':
    'drift events happen only when a baseline drifts; a steady workload need not drift',
};

/** Variable values as Grafana sends them with `All` selected (allValue `.*`). */
const ALL = '.*';

interface PromAnswer {
  status: string;
  error?: string;
  data?: { result?: unknown[] } | string[];
}

const cleanup = useCleanup();
it.skipIf(!available && !inCi)(
  'every panel query of every dashboard is valid in Prometheus and returns data',
  async () => {
    expect(available, 'prometheus must be installed under CI=true').toBe(true);
    const { dir, remove } = await tempDir('e2e-grafana-');
    cleanup.push(remove);
    const alertsFile = join(dir, 'alerts.jsonl');
    await writeFile(alertsFile, '');
    const t = await startTestService({
      store: sqliteUrl(dir),
      // Past 20 detectors the workload's `xpcs.frames` counter is dropped (cardinality_limit).
      // The queue is written out: its capacity gauge is reported only for a configured queue.
      processorsYaml: 'queue:\n  max_requests: 1000\nseries:\n  cardinality_limit: 20',
      extraYaml: [
        'slo:',
        '  evaluation_interval: 1s',
        'baselines:',
        '  evaluation_interval: 1s',
        '  min_samples: 5',
        'alerting:',
        '  evaluation_interval: 1s',
        '  channels:',
        `    log: { type: file, config: { path: ${JSON.stringify(alertsFile)} } }`,
        '  rules:',
        '    busy: { metric: heterodyne.operation.duration, comparison: gt, threshold: 0, window: 5s, severity: warning }',
        '  route:',
        '    group_wait: 0s',
      ].join('\n'),
    });
    cleanup.push(t.stop);
    const workload = startInstrumentedWorkload({
      otlpHttp: t.addresses.otlpHttp,
      serviceName: 'xpcs-e2e',
      detectors: 30,
    });
    cleanup.push(() => workload.stop());
    // One undecodable request: a refusal (decode_error) for the refusals panel.
    const bad = await fetch(`${t.addresses.otlpHttp}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]),
    });
    expect(bad.status).toBe(400);

    const metricsUrl = new URL(t.addresses.metrics as string);
    const prom = await startPrometheus({
      dir,
      target: metricsUrl.host,
      metricsPath: metricsUrl.pathname,
      scrapeIntervalSeconds: 1,
    });
    cleanup.push(() => prom.stop());

    const api = async (path: string, params: Record<string, string>): Promise<PromAnswer> => {
      const res = await fetch(`${prom.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      });
      return (await res.json()) as PromAnswer;
    };
    const rangeQuery = async (expr: string): Promise<PromAnswer> => {
      const end = Date.now() / 1000;
      return api('/api/v1/query_range', {
        query: expr,
        start: String(end - 120),
        end: String(end),
        step: '1',
      });
    };

    const dashboards = DASHBOARDS.map((d) => buildDashboard(d));
    // Grafana's values with `All` selected; `datasource` never reaches PromQL.
    const values: Record<string, string> = { job: ALL, operation: ALL, slo: ALL, instance: ALL };
    const queries = dashboards.flatMap((d) => dashboardQueries(d));
    const panelKey = (q: { dashboardUid: string; panelTitle: string }) =>
      `${q.dashboardUid} / ${q.panelTitle}`;
    for (const key of Object.keys(MAY_BE_EMPTY)) {
      expect(queries.map(panelKey), `MAY_BE_EMPTY names no panel: ${key}`).toContain(key);
    }

    // Wait until every panel that must show data does (engines need a few evaluations).
    const required = queries.filter((q) => MAY_BE_EMPTY[panelKey(q)] === undefined);
    const empty = new Set(required.map((q) => q.id));
    const deadline = Date.now() + 45_000;
    while (empty.size > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      for (const q of required) {
        if (!empty.has(q.id)) continue;
        const answer = await rangeQuery(substituteVariables(q.expr, values));
        const result = (answer.data as { result?: unknown[] } | undefined)?.result ?? [];
        if (answer.status === 'success' && result.length > 0) empty.delete(q.id);
      }
    }

    // Every variable query returns values.
    for (const d of dashboards) {
      for (const v of d.templating?.list ?? []) {
        if (v.type !== 'query') continue;
        const definition = String((v as { definition?: string }).definition);
        const m = /^label_values\((.+), (\w+)\)$/.exec(definition);
        expect(m, `${d.uid} variable ${v.name}: ${definition}`).not.toBeNull();
        const match = substituteVariables(m?.[1] ?? '', values);
        const res = await fetch(
          `${prom.url}/api/v1/label/${m?.[2]}/values?${new URLSearchParams({ 'match[]': match })}`,
        );
        const answer = (await res.json()) as PromAnswer;
        expect(answer.status, `${d.uid} variable ${v.name}: ${answer.error}`).toBe('success');
        expect(
          (answer.data as string[]).length,
          `${d.uid} variable ${v.name} has no values`,
        ).toBeGreaterThan(0);
      }
    }

    // Every panel and annotation query is valid; every required one returned data.
    const failures: string[] = [];
    for (const q of queries) {
      const expr = substituteVariables(q.expr, values);
      const answer = await rangeQuery(expr);
      if (answer.status !== 'success')
        failures.push(`${q.id}: invalid: ${answer.error}\n  ${expr}`);
      else if (empty.has(q.id)) failures.push(`${q.id}: no data\n  ${expr}`);
    }
    // Every Grafana alert rule's query is valid (it may well have nothing to alert on).
    for (const rule of ALERT_RULE_SPECS) {
      const answer = await api('/api/v1/query', { query: rule.expr });
      if (answer.status !== 'success') {
        failures.push(`alert rule ${rule.uid}: invalid: ${answer.error}\n  ${rule.expr}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(queries.length).toBeGreaterThan(40);
  },
  120_000,
);
