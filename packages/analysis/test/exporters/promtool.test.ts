/**
 * The exposition text checked by Prometheus itself: `promtool check metrics` parses stdin
 * with Prometheus's own text parser and lints names and metadata. Debian: `apt-get install
 * prometheus` (it ships promtool). Without it the tests skip with the reason, except under
 * CI=true, where they fail.
 */
import { spawnSync } from 'node:child_process';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/load-config.js';
import { PrometheusPullReader } from '../../src/exporters/prometheus-pull-reader.js';
import { toPrometheusFamilies } from '../../src/exporters/prometheus-translate.js';
import { writePrometheusText } from '../../src/exporters/prometheus-text.js';
import {
  exponentialPoint,
  gauge,
  histogram,
  histogramPoint,
  numberPoint,
  resource,
  sum,
  summaryPoint,
} from './model-builders.js';
import { createTelemetry } from '../../src/telemetry/create-telemetry.js';

const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const available = probe.error === undefined && probe.status === 0;
const inCi = process.env.CI === 'true';
if (!available && !inCi) {
  console.warn(
    'SKIPPED promtool tests: promtool is not installed (Debian package "prometheus": apt-get install prometheus)',
  );
}

function promtool(text: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

describe.skipIf(!available && !inCi)('promtool check metrics', () => {
  it('is installed (required under CI=true)', () => {
    expect(
      probe.error?.message ?? '',
      'promtool must be installed (apt-get install prometheus)',
    ).toBe('');
  });

  it('accepts every kind of family the translation writes, without lint findings', () => {
    const families = toPrometheusFamilies([
      resource(
        {
          'service.name': 'xpcs "fit"',
          'service.namespace': 'beamline\\8-ID',
          'service.instance.id': 'node\n7',
          'host.arch': 'amd64',
          'process.pid': 4242,
          'process.command_args': ['node', '--max-old-space-size=4096'],
        },
        [
          gauge(
            'heterodyne.process.memory.utilization',
            '1',
            [numberPoint(0.42)],
            'Heap used / limit.',
          ),
          gauge(
            'heterodyne.process.memory.usage',
            'By',
            [
              numberPoint(1.5e9, { 'heterodyne.memory.type': 'heap_used' }),
              numberPoint(4e9, { 'heterodyne.memory.type': 'heap_limit' }),
            ],
            'Memory in use.',
          ),
          gauge(
            'weird.values',
            '',
            [
              numberPoint(NaN, { k: 'nan' }),
              numberPoint(Infinity, { k: 'inf' }),
              numberPoint(-Infinity, { k: 'ninf' }),
            ],
            'Values Prometheus spells specially.',
          ),
          sum(
            'heterodyne.cache.requests',
            '{request}',
            [
              numberPoint(17, {
                'heterodyne.cache.name': 'g2 "cache"',
                'heterodyne.cache.result': 'hit',
              }),
              numberPoint(3, {
                'heterodyne.cache.name': 'g2 "cache"',
                'heterodyne.cache.result': 'miss',
              }),
            ],
            { description: 'Cache lookups,\nby result.' },
          ),
          sum('queue.depth', '{request}', [numberPoint(5)], {
            monotonic: false,
            description: 'Queued.',
          }),
          histogram(
            'heterodyne.operation.duration',
            's',
            [
              histogramPoint([0.001, 0.01, 0.1, 1, 10], [0, 4, 10, 3, 1, 0], 4.2, {
                'heterodyne.operation.name': 'chi²',
              }),
            ],
            { description: 'Operation duration.' },
          ),
          {
            name: 'heterodyne.fit.residual',
            description: 'Residuals.',
            unit: '1',
            data: {
              type: 'exponentialHistogram',
              temporality: 2,
              points: [
                exponentialPoint({
                  count: 9,
                  sum: 0.5,
                  scale: 2,
                  zeroCount: 1,
                  zeroThreshold: 1e-9,
                  positive: { offset: -8, bucketCounts: [1, 2, 0, 1] },
                  negative: { offset: -6, bucketCounts: [2, 2] },
                }),
              ],
            },
          },
          {
            name: 'rpc.latency',
            description: 'RPC latency.',
            unit: 's',
            data: {
              type: 'summary',
              points: [
                summaryPoint(10, 55, [
                  [0.5, 4],
                  [0.9, 9],
                  [0.99, 12],
                ]),
              ],
            },
          },
        ],
      ),
    ]).families;
    const { status, output } = promtool(writePrometheusText(families));
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('parses metrics Prometheus only lints: no description, a non-base unit', () => {
    const families = toPrometheusFamilies([
      resource({}, [
        gauge('no.help', '', [numberPoint(1)]),
        gauge('latency', 'ms', [numberPoint(3)], 'Latency.'),
      ]),
    ]).families;
    const { status, output } = promtool(writePrometheusText(families));
    // Exit 3 is "lint problems"; a parse error would be 1.
    expect(status).toBe(3);
    expect(output.split('\n').sort()).toEqual([
      'latency_milliseconds use base unit "seconds" instead of "milliseconds"',
      'no_help no help text',
    ]);
  });

  it('accepts what the SDK pull reader renders from real instruments', async () => {
    const reader = new PrometheusPullReader();
    const provider = new MeterProvider({ readers: [reader] });
    const meter = provider.getMeter('promtool-test', '0.1.0');
    meter
      .createCounter('jobs.completed', { unit: '{job}', description: 'Jobs done.' })
      .add(3, { queue: 'a' });
    meter
      .createHistogram('job.duration', {
        unit: 's',
        description: 'Job time.',
        advice: { explicitBucketBoundaries: [1, 10, 100] },
      })
      .record(12, { queue: 'a' });
    meter.createUpDownCounter('jobs.running', { unit: '{job}', description: 'Running.' }).add(2);
    meter
      .createGauge('temperature', { unit: 'Cel', description: 'Hutch temperature.' })
      .record(21.5);
    const text = await reader.render();
    await provider.shutdown();
    expect(text).toContain(
      'jobs_completed_total{queue="a",otel_scope_name="promtool-test",otel_scope_version="0.1.0"',
    );
    const { status, output } = promtool(text);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('accepts the service scrape: self-telemetry, derived gauges and pass-through together', async () => {
    const telemetry = createTelemetry(defaultConfig(), {
      instanceId: 'promtool',
      passThrough: () => [
        resource(
          { 'service.name': 'xpcs-fit', 'service.instance.id': 'ws-1', 'host.name': 'ws-1' },
          [
            histogram(
              'heterodyne.operation.duration',
              's',
              [histogramPoint([0.1, 1], [1, 2, 0], 1.2)],
              {
                description: 'Operation duration.',
              },
            ),
          ],
        ),
      ],
    });
    telemetry.self.recordReceived('metrics', 10, 'http');
    telemetry.self.recordDropped('metrics', 'invalid', 1);
    telemetry.self.recordDecodeError('metrics', 'protobuf');
    telemetry.self.recordProcessingDuration('metrics', 0.001);
    telemetry.self.recordStoreDuration('write', 0.01, 'SQLITE_BUSY');
    telemetry.derived.registerGauge(
      {
        name: 'heterodyne.slo.error_budget.remaining',
        description: 'Error budget left.',
        unit: '1',
      },
      (observe) => observe(0.8, { 'heterodyne.slo.sli': 'error_rate' }),
    );
    const text = await telemetry.renderPrometheus();
    await telemetry.shutdown();
    const { status, output } = promtool(text);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('rejects malformed text (the check can fail)', () => {
    const { status } = promtool('# TYPE x counter\n# TYPE x gauge\nx 1\n');
    expect(status).not.toBe(0);
  });
});
