/**
 * Many series from the official OpenTelemetry JS exporters (delta and cumulative
 * temporality, http/protobuf and gRPC) into a running service while a real Prometheus 2.42
 * scrapes its `/metrics`: no export fails, no scrape fails, no sample is rejected as a
 * duplicate, and Prometheus holds exactly the counter totals, histogram counts and bucket
 * counts that were sent.
 *
 * The clients run in a process of their own (`helpers/load-clients.mjs`), as real producers
 * do. They share `service.name` and send no `service.instance.id` (four runs of a batch job):
 * their series differ only by resource, so the export must tell them apart.
 *
 * Size: `HETERODYNE_LOAD_SERIES` series in all (default 8,000; 100,000 for the full load,
 * see BENCHMARKS.md). Needs the `prometheus` binary (Debian package `prometheus`, or
 * `PROMETHEUS_BIN`): skipped with the reason without it, failed under CI=true.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { statusOf } from './helpers/api.js';
import {
  PROMETHEUS_BIN,
  prometheusAvailable,
  sampleValue,
  startPrometheus,
} from './helpers/prometheus-binary.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';

const SERIES = Number(process.env.HETERODYNE_LOAD_SERIES ?? 8000);
const ROUNDS = 3;
const BOUNDS = [0.01, 0.1, 1, 10];
/** Scrape interval (and timeout): 2 s up to 40,000 series, 1 s more per 20,000 beyond. */
const SCRAPE_SECONDS = Math.max(2, Math.ceil(SERIES / 20_000));

const available = prometheusAvailable();
const inCi = process.env.CI === 'true';
if (!available && !inCi) {
  console.warn(
    `\n*** SKIPPING the Prometheus load test: "${PROMETHEUS_BIN}" does not run (apt-get install prometheus, or set PROMETHEUS_BIN) ***\n`,
  );
}

const cleanup = useCleanup();

const CLIENTS = 4;
const CLIENT_SCRIPT = fileURLToPath(new URL('./helpers/load-clients.mjs', import.meta.url));

/** What the clients recorded, as Prometheus should end up holding it. */
class Expected {
  counterTotal = 0;
  observations = 0;
  sum = 0;
  /** Observations per `le` (cumulative, as in `_bucket`), the last for `+Inf`. */
  readonly buckets = new Array<number>(BOUNDS.length + 1).fill(0);

  observe(value: number): void {
    this.observations++;
    this.sum += value;
    for (let k = 0; k <= BOUNDS.length; k++) {
      if (k === BOUNDS.length || value <= (BOUNDS[k] as number)) {
        this.buckets[k] = (this.buckets[k] as number) + 1;
      }
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

it.skipIf(!available && !inCi)(
  `Prometheus scrapes ${SERIES.toLocaleString('en-US')} series sent by OTel SDK exporters exactly, with no failed export or scrape`,
  { timeout: Math.max(120_000, SERIES * 6) },
  async () => {
    expect(available, `${PROMETHEUS_BIN} must run under CI=true (apt-get install prometheus)`).toBe(
      true,
    );
    const { dir, remove } = await tempDir('e2e-prom-load-');
    cleanup.push(remove);
    const t = await startTestService({
      store: sqliteUrl(dir),
      processorsYaml: [
        'queue:',
        '  max_points: 1000000',
        'series:',
        '  cardinality_limit: 1000000',
      ].join('\n'),
    });
    cleanup.push(t.stop);
    const metricsUrl = new URL(t.addresses.metrics as string);
    const prometheus = await startPrometheus({
      dir,
      target: metricsUrl.host,
      metricsPath: metricsUrl.pathname,
      scrapeIntervalSeconds: SCRAPE_SECONDS,
    });
    cleanup.push(prometheus.stop);

    const perClient = Math.floor(SERIES / CLIENTS);
    const counters = Math.floor(perClient / 2);
    const histograms = perClient - counters;
    const child = spawn(
      process.execPath,
      [
        CLIENT_SCRIPT,
        t.addresses.otlpHttp,
        t.addresses.otlpGrpc,
        String(counters),
        String(histograms),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    cleanup.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });
    const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    /** One round in the client process; resolves with its failed exports. */
    const runRound = async (round: number): Promise<number> => {
      child.stdin.write(`round ${round}\n`);
      const answer = await answers.next();
      if (answer.done === true) throw new Error(`load clients exited (${child.exitCode})`);
      const match = /^done (\d+)$/.exec(answer.value);
      if (!match) throw new Error(`load clients answered ${JSON.stringify(answer.value)}`);
      return Number(match[1]);
    };

    // What the four clients record per round (mirrors `record` in load-clients.mjs).
    const expected = new Expected();
    const expectRound = (round: number): void => {
      for (let c = 0; c < CLIENTS; c++) {
        for (let k = 0; k < counters; k++) expected.counterTotal += (k % 5) + 1 + round;
        for (let k = 0; k < histograms; k++) {
          const values = [0.005, 0.05 * (round + 1), 3];
          if (k % 10 === 0) values.push(50);
          for (const v of values) expected.observe(v);
        }
      }
    };

    let failedExports = 0;
    const scrapeErrors = new Set<string>();
    const watch = setInterval(() => {
      prometheus
        .targets()
        .then((targets) => {
          for (const x of targets) if (x.lastError !== '') scrapeErrors.add(x.lastError);
        })
        .catch(() => undefined);
    }, 1000);
    cleanup.push(() => clearInterval(watch));
    for (let round = 0; round < ROUNDS; round++) {
      failedExports += await runRound(round);
      expectRound(round);
      // Let Prometheus scrape every intermediate state too.
      await sleep(SCRAPE_SECONDS * 1000 + 500);
    }
    child.stdin.write('exit\n');
    expect(await exited).toBe(0);
    clearInterval(watch);
    expect(failedExports).toBe(0);
    const status = await statusOf(t.addresses.api);
    expect(status.totals.rejectedPoints).toBe(0);

    // Wait for a scrape taken after the last export.
    const deadline = Date.now() + 30_000 + SCRAPE_SECONDS * 4000;
    let total = NaN;
    while (Date.now() < deadline) {
      total = await prometheus.scalar('sum(load_requests_total)');
      if (total === expected.counterTotal) break;
      await sleep(500);
    }
    expect(total).toBe(expected.counterTotal);
    expect(await prometheus.scalar('count(load_requests_total)')).toBe(counters * CLIENTS);
    expect(await prometheus.scalar('count(load_duration_seconds_count)')).toBe(
      histograms * CLIENTS,
    );
    expect(await prometheus.scalar('sum(load_duration_seconds_count)')).toBe(expected.observations);
    expect(await prometheus.scalar('sum(load_duration_seconds_sum)')).toBeCloseTo(expected.sum, 3);
    const byLe = await prometheus.query('sum by (le) (load_duration_seconds_bucket)');
    const les = [...BOUNDS.map(String), '+Inf'];
    expect(Object.fromEntries(byLe.map((s) => [s.metric.le, s.value]))).toEqual(
      Object.fromEntries(les.map((le, k) => [le, expected.buckets[k]])),
    );
    // Four resources with job="load", each with its own target_info.
    expect(await prometheus.scalar('count(target_info{job="load"})')).toBe(CLIENTS);

    // Every scrape succeeded (a few at least), none had a sample rejected as a duplicate or
    // out of order.
    const scrapeCount = (): Promise<number> =>
      prometheus.scalar('count_over_time(up{job="heterodyne"}[1h])');
    while ((await scrapeCount()) < ROUNDS + 1 && Date.now() < deadline) await sleep(500);
    const scrapes = await scrapeCount();
    const failedScrapes = await prometheus.scalar(
      'count_over_time((up{job="heterodyne"} == 0)[1h:])',
    );
    const longest = await prometheus.scalar(
      'max_over_time(scrape_duration_seconds{job="heterodyne"}[1h])',
    );
    const samples = await prometheus.scalar(
      'max_over_time(scrape_samples_scraped{job="heterodyne"}[1h])',
    );
    const self = await prometheus.selfMetrics();
    const report = {
      series: SERIES,
      rounds: ROUNDS,
      scrapeIntervalSeconds: SCRAPE_SECONDS,
      scrapes,
      failedScrapes: Number.isNaN(failedScrapes) ? 0 : failedScrapes,
      longestScrapeSeconds: longest,
      samplesPerScrape: samples,
      targets: await prometheus.targets(),
    };
    console.log(
      `prometheus load: ${JSON.stringify({ ...report, scrapeErrors: [...scrapeErrors] })}`,
    );
    expect(report.targets.map((x) => [x.health, x.lastError])).toEqual([['up', '']]);
    expect(await prometheus.scalar('min_over_time(up{job="heterodyne"}[1h])')).toBe(1);
    expect(scrapes).toBeGreaterThanOrEqual(ROUNDS + 1);
    expect(sampleValue(self, 'prometheus_target_scrapes_sample_duplicate_timestamp_total')).toBe(0);
    expect(sampleValue(self, 'prometheus_target_scrapes_sample_out_of_order_total')).toBe(0);
    expect(sampleValue(self, 'prometheus_target_scrapes_exceeded_sample_limit_total')).toBe(0);
  },
);
