/**
 * The running service's Prometheus endpoint: after an SDK exported into the service, a
 * scrape of `/metrics` shows the received metrics (pass-through: counter totals, gauges,
 * histograms with their buckets) next to the service's own metrics, and Prometheus' own parser
 * (`promtool check metrics`, Debian package `prometheus`) accepts the text. Without promtool
 * the parser check skips with the reason, except under CI=true, where it fails.
 */
import { spawnSync } from 'node:child_process';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { OnDemandReader } from './helpers/on-demand-reader.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';

const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const promtool = probe.error === undefined && probe.status === 0;
const inCi = process.env.CI === 'true';
if (!promtool && !inCi) {
  console.warn(
    '\n*** SKIPPING the promtool check of /metrics: promtool is not installed (apt-get install prometheus) ***\n',
  );
}

const cleanup = useCleanup();
it('exposes received metrics and its own on /metrics in text Prometheus parses', async () => {
  const { dir, remove } = await tempDir('e2e-prom-');
  cleanup.push(remove);
  const t = await startTestService({ store: sqliteUrl(dir) });
  cleanup.push(t.stop);
  const reader = new OnDemandReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'scraped',
      'service.namespace': 'beamline',
    }),
    readers: [reader],
  });
  cleanup.push(() => provider.shutdown());
  const meter = provider.getMeter('scrape-test');
  const exporter = new OTLPMetricExporter({ url: `${t.addresses.otlpHttp}/v1/metrics` });
  cleanup.push(() => exporter.shutdown());
  const send = async (): Promise<void> => {
    const { resourceMetrics } = await reader.collect();
    const result = await new Promise<{ code: number }>((r) => exporter.export(resourceMetrics, r));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
  };
  const frames = meter.createCounter('xpcs.frames', { unit: '{frame}' });
  const fit = meter.createHistogram('xpcs.fit.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [1, 10] },
  });
  const temperature = meter.createGauge('xpcs.sample.temperature', { unit: 'K' });
  frames.add(100, { detector: 'eiger' });
  fit.record(2);
  temperature.record(293.5);
  await send();
  frames.add(20, { detector: 'eiger' });
  fit.record(4);
  temperature.record(294);
  await send();

  const res = await fetch(t.addresses.metrics as string);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const text = await res.text();
  const job = 'job="beamline/scraped"';
  const line = (name: string): string | undefined =>
    text.split('\n').find((l) => l.startsWith(name) && l.includes(job));
  // Counter: 100 + 20 since start; gauge: the last value; histogram: 2 and 4, both in (1, 10].
  expect(line('xpcs_frames_total{')).toMatch(/detector="eiger".* 120$/);
  expect(line('xpcs_sample_temperature_kelvin{')).toMatch(/ 294$/);
  expect(line('xpcs_fit_duration_seconds_count{')).toMatch(/ 2$/);
  expect(line('xpcs_fit_duration_seconds_sum{')).toMatch(/ 6$/);
  expect(text).toMatch(/^# TYPE xpcs_fit_duration_seconds histogram$/m);
  expect(line('xpcs_fit_duration_seconds_bucket{')).toMatch(/,le="1"\} 0$/);
  const buckets = text.split('\n').filter((l) => l.startsWith('xpcs_fit_duration_seconds_bucket{'));
  expect(buckets.map((l) => l.replace(/^.*,le="([^"]+)"\} (\d+)$/, '$1=$2'))).toEqual([
    '1=0',
    '10=2',
    '+Inf=2',
  ]);
  // The service's own telemetry on the same endpoint.
  expect(text).toMatch(/^heterodyne_monitor_points_received_total\{.*\} \d+/m);

  if (!promtool && !inCi) return;
  expect(probe.error?.message ?? '', 'promtool must be installed under CI=true').toBe('');
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  // promtool exits 0 when the text parses; lint findings (exit 3) are printed, not fatal here.
  expect(`${check.stdout}${check.stderr}`).not.toMatch(
    /error while linting|parse error|text format parsing error/i,
  );
  expect([0, 3]).toContain(check.status);
});
