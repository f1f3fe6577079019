/**
 * Scale-out on loopback, the path `collector-config/scale-out.yaml` sets up: two analysis
 * replicas on one PostgreSQL store, each receiving the services a load-balancing Collector
 * routes to it (`routing_key: service`), a Prometheus scraping both with the generated SLO
 * rules (`prometheus/rules/`), and, for comparison, one replica fed everything with its own
 * Prometheus. The rules over the two replicas give the same error ratios, burn rates and
 * firing alerts as over the single one, and those agree with the SLO engine's own live
 * burn-rate alerts. One replica is restarted mid-run: what it acknowledged before the restart
 * is still counted after it, and it lists its burn-rate findings from before it.
 *
 * Needs PostgreSQL (`HETERODYNE_TEST_PG_URL`) and the `prometheus` binary: without them the
 * test skips with the reason, except under CI=true, where it fails.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import {
  ATTR_ERROR_TYPE,
  ATTR_OPERATION_NAME,
  DURATION_BUCKETS_SECONDS,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { createAnalysisService, parseConfig } from '@heterodyne/analysis';
import type { FindingView, SloGroupStatus } from '@heterodyne/analysis';
import { describe, expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { getJson } from './helpers/http.js';
import { OnDemandReader } from './helpers/on-demand-reader.js';
import { scratchPgSchema } from './helpers/pg-schema.js';
import { prometheusAvailable, startPrometheus } from './helpers/prometheus-binary.js';
import type { RunningPrometheus } from './helpers/prometheus-binary.js';
import { sqliteUrl, startTestService, tempDir, testConfigYaml } from './helpers/service.js';
import type { TestService } from './helpers/service.js';

const RULES = resolve(
  fileURLToPath(new URL('../../prometheus/rules/heterodyne-slos.rules.yml', import.meta.url)),
);
const PG_URL = process.env.HETERODYNE_TEST_PG_URL;
const missing = [
  ...(PG_URL === undefined
    ? ['HETERODYNE_TEST_PG_URL is not set (source /tmp/heterodyne-postgres.env)']
    : []),
  ...(prometheusAvailable()
    ? []
    : ['the prometheus binary is not installed (apt-get install prometheus)']),
];
const inCi = process.env.CI === 'true';
if (missing.length > 0 && !inCi) {
  console.warn(`\n*** SKIPPING the scale-out test: ${missing.join('; ')} ***\n`);
}

/** Error-rate SLO: 99 % objective, so the burn rate is errors per 100 operations. */
const BUDGET = 0.01;
/**
 * Operations per export round by service and operation, and how many of them fail: burn 20
 * pages and tickets, burn 4 only tickets, burn 0.5 fires nothing.
 */
const WORKLOAD = {
  alpha: { fit: { ops: 100, errors: 20 }, load: { ops: 200, errors: 1 } },
  beta: { fit: { ops: 100, errors: 4 } },
} as const;
type ServiceName = keyof typeof WORKLOAD;
const ROUNDS = 4;
/** The round after which the replica of `beta` is restarted. */
const RESTART_AFTER = 2;

const cleanup = useCleanup();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function producer(service: ServiceName) {
  const reader = new OnDemandReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    readers: [reader],
  });
  cleanup.push(() => provider.shutdown());
  const histogram = provider.getMeter('scale-out').createHistogram(METRIC_OPERATION_DURATION, {
    unit: 's',
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
  });
  return {
    round(): void {
      for (const [operation, { ops, errors }] of Object.entries(WORKLOAD[service])) {
        for (let i = 0; i < ops; i++) {
          histogram.record(0.05, {
            [ATTR_OPERATION_NAME]: operation,
            ...(i < errors ? { [ATTR_ERROR_TYPE]: 'fit_diverged' } : {}),
          });
        }
      }
    },
    async collect(): Promise<ResourceMetrics> {
      return (await reader.collect()).resourceMetrics;
    },
  };
}

/** Exports and expects the receiver to acknowledge (a 200 means stored). */
async function exportTo(t: TestService, data: ResourceMetrics): Promise<void> {
  const exporter = new OTLPMetricExporter({ url: `${t.addresses.otlpHttp}/v1/metrics` });
  const result = await new Promise<{ code: number; error?: Error }>((r) =>
    exporter.export(data, r),
  );
  await exporter.shutdown();
  expect(result.code, result.error?.message).toBe(ExportResultCode.SUCCESS);
}

/**
 * A replica on `store`; `apiPort` fixed when it restarts, so Prometheus finds it where it was
 * (a replica behind a stable address, as in any deployment).
 */
async function startReplica(
  store: string,
  env: Record<string, string>,
  processorsYaml: string,
  extraYaml: string,
  apiPort: number,
): Promise<TestService> {
  const yaml = testConfigYaml(store, { processorsYaml, extraYaml }).replace(
    'api:\n  endpoint: 127.0.0.1:0',
    `api:\n  endpoint: 127.0.0.1:${apiPort}`,
  );
  const parsed = parseConfig(yaml, { file: 'replica.yaml', env });
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
  const service = createAnalysisService(parsed.value, { checkpointIntervalMillis: 0 });
  const addresses = await service.start();
  if (!addresses.api || !addresses.otlpHttp || !addresses.otlpGrpc) {
    await service.shutdown();
    throw new Error(`replica started without every server: ${JSON.stringify(addresses)}`);
  }
  return {
    service,
    addresses: addresses as TestService['addresses'],
    stop: () => service.shutdown(),
  };
}

function hostPort(url: string): string {
  return new URL(url).host;
}

function prometheusConfig(targets: string[]): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'rule_files:',
    `  - ${JSON.stringify(RULES)}`,
    'scrape_configs:',
    '  - job_name: heterodyne-replicas',
    // Pass-through series carry the producers' job/instance: keep them.
    '    honor_labels: true',
    '    static_configs:',
    `      - targets: ${JSON.stringify(targets)}`,
    '',
  ].join('\n');
}

/** `service/operation` → value, from a Prometheus vector. */
async function byGroup(p: RunningPrometheus, expr: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of await p.query(expr)) {
    out[`${s.metric.job}/${s.metric.heterodyne_operation_name}`] = s.value;
  }
  return out;
}

/** Rule groups whose last evaluation failed or ran long, for a failure message. */
async function ruleHealth(p: RunningPrometheus): Promise<string> {
  const res = await getJson<{
    data: {
      groups: {
        name: string;
        evaluationTime: number;
        lastEvaluation: string;
        rules: { name: string; health: string; lastError?: string }[];
      }[];
    };
  }>(`${p.url}/api/v1/rules`);
  return res.body.data.groups
    .map(
      (g) =>
        `${g.name} took ${g.evaluationTime.toFixed(3)} s at ${g.lastEvaluation}` +
        g.rules
          .filter((r) => r.health !== 'ok')
          .map((r) => `; ${r.name}: ${r.health} ${r.lastError ?? ''}`)
          .join(''),
    )
    .join('\n');
}

async function firing(p: RunningPrometheus): Promise<string[]> {
  const alerts = await p.query('ALERTS{alertname="SloErrorBudgetBurn", alertstate="firing"}');
  return alerts
    .map(
      (a) =>
        `${a.metric.slo} ${a.metric.job}/${a.metric.heterodyne_operation_name} ${a.metric.severity}`,
    )
    .sort();
}

async function errorRateGroups(t: TestService): Promise<SloGroupStatus[]> {
  const res = await getJson<{ groups: SloGroupStatus[] }>(
    `${t.addresses.api}/api/v1/slos/error_rate`,
  );
  expect(res.status).toBe(200);
  return res.body.groups;
}

/**
 * The engine's burn-rate findings still firing (a firing finding without a later resolved one
 * for the same group and severity), as `error_rate service/operation severity`.
 */
async function engineFindings(t: TestService): Promise<string[]> {
  const res = await getJson<{ findings: FindingView[] }>(
    `${t.addresses.api}/api/v1/findings?engine=slo&limit=1000`,
  );
  expect(res.status).toBe(200);
  const open = new Map<string, number>();
  for (const f of [...res.body.findings].sort((a, b) => a.startsAtMillis - b.startsAtMillis)) {
    if (f.labels.slo !== 'error_rate') continue;
    const severity = f.kind === 'slo.burn_rate.page' ? 'page' : 'ticket';
    const key = `error_rate ${f.labels['service.name']}/${f.labels['heterodyne.operation.name']} ${severity}`;
    open.set(key, (open.get(key) ?? 0) + (f.state === 'firing' ? 1 : -1));
  }
  return [...open]
    .filter(([, n]) => n > 0)
    .map(([k]) => k)
    .sort();
}

function groupKey(g: SloGroupStatus): string {
  return `${g.labels['service.name']}/${g.labels['heterodyne.operation.name']}`;
}

/** The engine's firing severities, as `error_rate service/operation severity`. */
function engineFiring(groups: SloGroupStatus[]): string[] {
  const out = new Set<string>();
  for (const g of groups) {
    for (const a of g.alerts) if (a.firing) out.add(`error_rate ${groupKey(g)} ${a.severity}`);
  }
  return [...out].sort();
}

async function until<T>(
  what: string,
  probe: () => Promise<T>,
  done: (v: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await probe();
  }
  return last;
}

const EXPECTED_FIRING = [
  'error_rate alpha/fit page',
  'error_rate alpha/fit ticket',
  'error_rate beta/fit ticket',
];

describe('scale-out: two replicas on one PostgreSQL, Prometheus over both', () => {
  if (missing.length > 0) {
    if (inCi) {
      it('has PostgreSQL and Prometheus to test against', () => {
        throw new Error(`CI=true: the scale-out test must run: ${missing.join('; ')}`);
      });
    } else {
      it.skip(`agrees with one replica (skipped: ${missing.join('; ')})`, () => {});
    }
    return;
  }

  it('gives the same SLO burn rates and alerts as one replica fed everything, across a restart', async () => {
    const { url, env } = scratchPgSchema(PG_URL as string, 'e2e_scale_', cleanup);
    const { dir, remove } = await tempDir('e2e-scale-out-');
    cleanup.push(remove);
    const extraYaml = 'slo:\n  evaluation_interval: 1s\n  checkpoint_interval: 1s';
    // Each replica has its own write-ahead log on local disk and its own name; the store is
    // shared (each keeps its SLO counters under its name, and restores only its own).
    const replica = (name: string, apiPort = 0) =>
      startReplica(
        url,
        env,
        `queue: {}\nseries:\n  wal:\n    dir: ${join(dir, name, 'wal')}`,
        `${extraYaml}\nservice:\n  replica: ${name}`,
        apiPort,
      );
    const replicaA = await replica('a');
    cleanup.push(() => replicaA.stop());
    let replicaB = await replica('b');
    cleanup.push(() => replicaB.stop());
    const single = await startTestService({ store: sqliteUrl(dir), extraYaml });
    cleanup.push(single.stop);

    // Prometheus with the generated rules: over both replicas, and over the single one.
    const prometheus = async (name: string, targets: TestService[]) => {
      await mkdir(join(dir, name));
      const p = await startPrometheus({
        dir: join(dir, name),
        target: '',
        scrapeIntervalSeconds: 1,
        configYaml: prometheusConfig(targets.map((t) => hostPort(t.addresses.metrics as string))),
      });
      cleanup.push(() => p.stop());
      return p;
    };
    const [split, one] = await Promise.all([
      prometheus('prom-split', [replicaA, replicaB]),
      prometheus('prom-single', [single]),
    ]);
    // Prometheus applies its targets a few seconds after start: wait for a scrape of each.
    for (const p of [split, one]) {
      await until(
        'Prometheus to scrape every replica',
        () => p.targets(),
        (t) => t.length > 0 && t.every((x) => x.health === 'up'),
      );
    }
    // Prometheus keeps the address it scrapes: beta's replica comes back on the same port.
    const betaMetrics = replicaB.addresses.metrics as string;

    const producers = { alpha: producer('alpha'), beta: producer('beta') };
    // The Collector's `routing_key: service`: every stream of a service reaches one replica.
    const route = (service: ServiceName): TestService =>
      service === 'alpha' ? replicaA : replicaB;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const service of ['alpha', 'beta'] as const) {
        producers[service].round();
        const data = await producers[service].collect();
        await exportTo(route(service), data);
        await exportTo(single, data);
      }
      if (round === RESTART_AFTER) {
        // Graceful restart of beta's replica on the same store and log.
        await replicaB.stop();
        replicaB = await replica('b', Number(new URL(betaMetrics).port));
      }
      // At least one scrape per round, so the rates see every increase.
      await sleep(1500);
    }

    // The live engines: split between the replicas, and the single one.
    const total = (service: ServiceName, op: string): number => {
      const w = (WORKLOAD[service] as Record<string, { ops: number }>)[op];
      return (w?.ops ?? 0) * ROUNDS;
    };
    const settled = (groups: SloGroupStatus[], keys: string[]) =>
      keys.every((k) => {
        const g = groups.find((x) => groupKey(x) === k);
        const [service, op] = k.split('/') as [ServiceName, string];
        return g !== undefined && g.total === total(service, op);
      });
    const splitGroups = [
      ...(await until(
        'replica A',
        () => errorRateGroups(replicaA),
        (g) => settled(g, ['alpha/fit', 'alpha/load']),
      )),
      ...(await until(
        'replica B',
        () => errorRateGroups(replicaB),
        (g) => settled(g, ['beta/fit']),
      )),
    ];
    const singleGroups = await until(
      'the single replica',
      () => errorRateGroups(single),
      (g) => settled(g, ['alpha/fit', 'alpha/load', 'beta/fit']),
    );
    // Each replica holds exactly the groups of the services routed to it.
    expect(splitGroups.map(groupKey).sort()).toEqual(['alpha/fit', 'alpha/load', 'beta/fit']);
    // Nothing acknowledged is lost by the restart: beta's replica counts every round.
    const counts = (groups: SloGroupStatus[]) =>
      Object.fromEntries(groups.map((g) => [groupKey(g), [g.good, g.total]]).sort());
    expect(counts(splitGroups)).toEqual(counts(singleGroups));
    expect(counts(singleGroups)).toEqual({
      'alpha/fit': [80 * ROUNDS, 100 * ROUNDS],
      'alpha/load': [199 * ROUNDS, 200 * ROUNDS],
      'beta/fit': [96 * ROUNDS, 100 * ROUNDS],
    });
    expect(engineFiring(splitGroups)).toEqual(EXPECTED_FIRING);
    expect(engineFiring(singleGroups)).toEqual(EXPECTED_FIRING);
    expect(await engineFindings(single)).toEqual(EXPECTED_FIRING);
    // Each replica lists its own burn-rate findings: the restarted one restored its findings
    // (and its firing set) from the shared store, under its name, not the other replica's.
    expect(await engineFindings(replicaA)).toEqual(
      EXPECTED_FIRING.filter((f) => f.includes(' alpha/')),
    );
    expect(await engineFindings(replicaB)).toEqual(
      EXPECTED_FIRING.filter((f) => f.includes(' beta/')),
    );
    const restartedFiring = await getJson<{ firing: number }>(
      `${replicaB.addresses.api}/api/v1/findings?engine=slo`,
    );
    expect(restartedFiring.body.firing).toBe(1);

    // The rules over the two replicas and over the single one: the same firing alerts, the
    // same as the engine's, and the same burn rates, equal to the engine's.
    for (const [name, p] of [
      ['over both replicas', split],
      ['over the single replica', one],
    ] as const) {
      await until(
        `Prometheus ${name} to fire`,
        () => firing(p),
        (a) => a.length === EXPECTED_FIRING.length,
      ).catch(async (error: Error) => {
        const ratios = await p.query('slo:sli_error:ratio_rate5m{slo="error_rate"}');
        throw new Error(
          `${error.message}\n5m error ratios: ${JSON.stringify(ratios)}\n${await ruleHealth(p)}`,
        );
      });
    }
    expect(await firing(split)).toEqual(EXPECTED_FIRING);
    expect(await firing(one)).toEqual(EXPECTED_FIRING);
    const engineBurn = Object.fromEntries(singleGroups.map((g) => [groupKey(g), g.burnRates]));
    for (const w of ['5m', '1h', '6h', '3d', '30d']) {
      const expr = `slo:sli_error:ratio_rate${w}{slo="error_rate"} / ${BUDGET}`;
      const [a, b] = await Promise.all([byGroup(split, expr), byGroup(one, expr)]);
      expect(Object.keys(a).sort(), w).toEqual(['alpha/fit', 'alpha/load', 'beta/fit']);
      for (const [group, value] of Object.entries(a)) {
        expect(value, `${w} ${group}`).toBeCloseTo(b[group] as number, 9);
        const live = w === '30d' ? undefined : engineBurn[group]?.[w];
        if (live !== undefined && live !== null)
          expect(value, `${w} ${group}`).toBeCloseTo(live, 9);
      }
    }
    // Error budget remaining over the period: the same on both, and as the engine reports it.
    const remaining = 'slo:period_error_budget_remaining:ratio{slo="error_rate"}';
    const [ra, rb] = await Promise.all([byGroup(split, remaining), byGroup(one, remaining)]);
    for (const g of singleGroups) {
      expect(ra[groupKey(g)], groupKey(g)).toBeCloseTo(g.budgetRemaining, 9);
      expect(rb[groupKey(g)], groupKey(g)).toBeCloseTo(g.budgetRemaining, 9);
    }
  }, 60_000);
});
