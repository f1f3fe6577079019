/**
 * The HTML report in a real browser: a service on loopback is fed over OTLP by the
 * OpenTelemetry SDK (operation spans with a latency spike, an operation name and a metric
 * name crafted to break out of HTML), `GET /report` and `heterodyne-monitor report` are
 * loaded in headless Chromium, which must show no console error, run no injected script, load
 * nothing from the network and draw the charts with the expected series. A screenshot is
 * kept in `test-artifacts/report.png` (git-ignored).
 *
 * Needs Chromium at /usr/bin/chromium: skipped with a warning without it, failing under CI=true.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_ERROR_TYPE, ATTR_OPERATION_NAME } from '@heterodyne/semconv';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/report-command.js';
import { parseConfig } from '../../src/config/load-config.js';
import { ENGINE_FACTORIES } from '../../src/engines/registry.js';
import { encodeMetricsProtobuf } from '../../src/otlp/encode-metrics.js';
import type { MetricsRequest } from '../../src/otlp/model.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import type { AnalysisService } from '../../src/service/types.js';
import { fakeIo } from '../cli/fake-io.js';
import { manualTimer } from '../helpers/manual-timer.js';
import { seededRandom } from '../helpers/seeded-random.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
if (!available && !inCi) {
  console.warn(
    `SKIPPED report browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
}

const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/', import.meta.url));
const HOSTILE_OPERATION = `fit"'><img src=x onerror="window.__xss=1"></script><script>window.__xss=2</script>`;
const HOSTILE_METRIC = 'heterodyne.evil</script><img src=x onerror=window.__xss=3>';
const STEPS = 60;
const STEP_MILLIS = 10_000;
const SPIKE = new Set([48, 49, 50]);

function hostileGauge(timeMillis: number, value: number): MetricsRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: { 'service.name': 'report-browser' }, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { name: 'hostile', version: '', attributes: {}, droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics: [
              {
                name: HOSTILE_METRIC,
                description: '',
                unit: '1',
                data: {
                  type: 'gauge',
                  points: [
                    {
                      attributes: { label: '<img src=x onerror=window.__xss=4>' },
                      startTimeUnixNano: 0,
                      timeUnixNano: timeMillis * 1e6,
                      flags: 0,
                      value,
                      isInt: false,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

let dir: string;
let service: AnalysisService | undefined;
let browser: Browser | undefined;
let api = '';

/** Opens `url` and returns the page with the console errors and requests it made. */
async function open(url: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status() ?? 200).toBe(200);
  return { page, errors, requests };
}

/** The page's globals the tests read (the test files are type-checked without the DOM lib). */
interface PageGlobals {
  heterodyneCharts?: {
    id: string;
    plot: {
      series: { label?: string }[];
      data: (number | null)[][];
      ctx: { canvas: { width: number; height: number } };
    };
  }[];
  __xss?: number;
  document: { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
}

/** What the page drew: per chart its id, uPlot series labels, data lengths and canvas size. */
function drawnCharts(page: Page) {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return (g.heterodyneCharts ?? []).map(({ id, plot }) => ({
      id,
      labels: plot.series.map((s) => s.label ?? ''),
      points: plot.data.slice(1).map((column) => column.filter((v) => v !== null).length),
      canvas: { width: plot.ctx.canvas.width, height: plot.ctx.canvas.height },
      legend: Array.from(g.document.querySelectorAll(`#${id} .u-legend .u-label`)).map(
        (e) => e.textContent ?? '',
      ),
    }));
  });
}

describe.skipIf(!available && !inCi)('the HTML report in headless Chromium', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-browser-'));
    const parsed = parseConfig(
      [
        'receivers:',
        '  otlp:',
        '    protocols:',
        '      http: { endpoint: 127.0.0.1:0 }',
        'api: { endpoint: 127.0.0.1:0 }',
        `store: sqlite:${join(dir, 'state.db')}`,
        'slo: { evaluation_interval: 10s, history_interval: 0s }',
        'baselines: { evaluation_interval: 10s, min_samples: 20 }',
        '',
      ].join('\n'),
      { file: 'report.yaml' },
    );
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    const t0 = Date.now() - STEPS * STEP_MILLIS;
    let now = t0;
    const timer = manualTimer();
    service = createAnalysisService(parsed.value, {
      clock: { now: () => now },
      schedulerTimer: timer,
      checkpointIntervalMillis: 0,
      engineFactories: ENGINE_FACTORIES,
    });
    const addresses = await service.start();
    api = addresses.api!;
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'report-browser' }),
      spanProcessors: [
        new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${addresses.otlpHttp}/v1/traces` })),
      ],
    });
    const tracer = provider.getTracer('report-browser');
    const random = seededRandom(7);
    for (let step = 1; step <= STEPS; step++) {
      now = t0 + step * STEP_MILLIS;
      for (let i = 0; i < 5; i++) {
        const start = now - 5000 + i * 500;
        const seconds = (SPIKE.has(step) ? 2.5 : 0.2) * (1 + 0.1 * (random() - 0.5));
        const span = tracer.startSpan('fit', {
          startTime: start,
          attributes: { [ATTR_OPERATION_NAME]: HOSTILE_OPERATION },
        });
        if (step % 10 === 0 && i === 0) {
          span.setAttribute(ATTR_ERROR_TYPE, 'ConvergenceError');
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end(start + seconds * 1000);
      }
      await provider.forceFlush();
      const res = await fetch(`${addresses.otlpHttp}/v1/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: encodeMetricsProtobuf(hostileGauge(now, 0.5 + 0.01 * step)),
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      await timer.fire();
    }
    await provider.shutdown();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.shutdown();
    await rm(dir, { recursive: true, force: true });
  });

  it('is served at /report as HTML that denies the network', async () => {
    const res = await fetch(`${api}/report`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const bad = await fetch(`${api}/report?series=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('series');
  });

  it('loads without console errors, runs no injected script and draws the expected series', async () => {
    const { page, errors, requests } = await open(`${api}/report`);
    try {
      expect(errors).toEqual([]);
      expect(requests).toEqual([`${api}/report`]);
      expect(
        await page.evaluate(() => (globalThis as unknown as PageGlobals).__xss),
      ).toBeUndefined();
      expect(await page.locator('img').count()).toBe(0);

      const charts = await drawnCharts(page);
      const duration = charts.find((c) => c.labels[1]?.startsWith('heterodyne.operation.duration'));
      expect(duration, JSON.stringify(charts.map((c) => c.labels))).toBeDefined();
      expect(duration!.labels[1]).toContain(JSON.stringify(HOSTILE_OPERATION));
      expect(duration!.labels.slice(2)).toEqual([
        expect.stringMatching(/^baseline P50 \(/),
        expect.stringMatching(/^baseline P95 \(/),
        'anomaly',
        'forecast',
        'forecast 95% lower',
        'forecast 95% upper',
      ]);
      // One mean duration per step; at least one anomaly marker, on the spike.
      expect(duration!.points[0]).toBe(STEPS);
      expect(duration!.points[3]).toBeGreaterThanOrEqual(1);
      expect(duration!.canvas.width).toBeGreaterThan(300);
      expect(duration!.legend).toEqual(duration!.labels);
      const hostile = charts.find((c) => c.labels[1]?.startsWith(HOSTILE_METRIC));
      expect(hostile?.points[0]).toBe(STEPS);
      // The SLO history chart of the error rate SLO.
      expect(charts.some((c) => c.id.startsWith('chart-slo-') && c.labels[1] === 'SLI')).toBe(true);

      const anomalies = await page.locator('#anomalies tbody tr').count();
      expect(anomalies).toBeGreaterThanOrEqual(1);
      expect(await page.locator('#slos tbody tr').count()).toBeGreaterThanOrEqual(1);
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    } finally {
      await page.close();
    }
  }, 60_000);

  it('saves the same report to a file with heterodyne-monitor report, which works offline', async () => {
    const output = join(dir, 'report.html');
    const io = fakeIo();
    const code = await reportCommand(['--url', api, '--output', output], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const html = await readFile(output, 'utf8');
    expect(html).toContain('<section id="slos">');
    const { page, errors, requests } = await open(`file://${output}`);
    try {
      expect(errors).toEqual([]);
      expect(requests).toEqual([`file://${output}`]);
      expect((await drawnCharts(page)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await page.close();
    }
  }, 60_000);
});
