// Embedded mode and the HTML report.
//
// 1. Embedded vs service: the same operation spans recorded with the OTel SDK and handed to
//    the analysis engines' store, (a) in-process by `ContinuousOptimizationMonitor`'s span
//    processor, (b) by the SDK's BatchSpanProcessor and OTLP/protobuf exporter to a service on
//    loopback (same process, same configuration, in-memory store). Batches of 1,000 spans,
//    each flushed and processed before the next; two alternating rounds, the second reported
//    (the first warms both paths up). Reported: spans per second of wall time and
//    CPU microseconds per span (process.cpuUsage: both the client and the service side, as
//    both run in this process), and the ratio.
// 2. The report: `collectReportData` + `renderReport` over a service holding S gauge series
//    of 60 samples (one `heterodyne.*` metric), charting the default 12 and 50 series with
//    their trends and forecasts. Reported: median time of 5 renders and the HTML size.
//
// Usage: node bench/report-embedded.bench.js [spans=20000] [series=1000]
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ContinuousOptimizationMonitor,
  collectReportData,
  createAnalysisService,
  parseConfig,
  renderReport,
} from '@heterodyne/analysis';
import { isQuickRun, printMarkdownSummary } from './lib/report.js';

const SPANS = Number(process.argv[2] ?? (isQuickRun(1000) ? 4000 : 20_000));
const SERIES = Number(process.argv[3] ?? (isQuickRun(1000) ? 200 : 1000));
const BATCH = 1000;
const resource = resourceFromAttributes({ 'service.name': 'bench' });

function config() {
  const parsed = parseConfig(
    [
      'receivers:',
      '  otlp:',
      '    protocols:',
      '      http: { endpoint: 127.0.0.1:0 }',
      'api: { endpoint: 127.0.0.1:0 }',
      'store: "sqlite::memory:"',
      '',
    ].join('\n'),
    { file: 'bench.yaml' },
  );
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  return parsed.value;
}

function record(tracer, count, offset) {
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan('fit', {
      attributes: {
        'heterodyne.operation.name': `op-${(offset + i) % 20}`,
        'heterodyne.accuracy.expected': 0.999,
        'heterodyne.accuracy.achieved': 0.9995,
      },
    });
    span.end();
  }
}

async function measure(name, tracer, flush) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let done = 0; done < SPANS; done += BATCH) {
    record(tracer, BATCH, done);
    await flush();
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    path: name,
    spans: SPANS,
    'spans/s (wall)': Math.round(SPANS / seconds),
    'CPU µs / span': Number(((used.user + used.system) / SPANS).toFixed(1)),
  };
}

async function embeddedRun() {
  const monitor = new ContinuousOptimizationMonitor({
    config: config(),
    resource,
    memoryGauge: false,
  });
  await monitor.startMonitoring();
  const tracer = monitor.tracerProvider.getTracer('bench');
  record(tracer, BATCH, 0); // warm-up
  await monitor.flush();
  const row = await measure('embedded (span processor, in-process)', tracer, () => monitor.flush());
  const accepted = (await monitor.backend().status()).totals.acceptedPoints;
  await monitor.stopMonitoring();
  return { row, accepted };
}

async function serviceRun() {
  const service = createAnalysisService(config());
  const addresses = await service.start();
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${addresses.otlpHttp}/v1/traces` }), {
        // Larger than a batch: an export the batch size starts is not awaited by forceFlush().
        maxExportBatchSize: 2 * BATCH,
        maxQueueSize: 4 * BATCH,
      }),
    ],
  });
  const tracer = provider.getTracer('bench');
  record(tracer, BATCH, 0);
  await provider.forceFlush();
  const row = await measure('service (OTLP/protobuf over loopback)', tracer, () =>
    provider.forceFlush(),
  );
  const accepted = (await service.status()).totals.acceptedPoints;
  await provider.shutdown();
  await service.shutdown();
  return { row, accepted };
}

async function reportRun() {
  let now = Date.now() - 60 * 10_000;
  const service = createAnalysisService(config(), { clock: { now: () => now } });
  await service.start();
  for (let step = 0; step < 60; step++) {
    now += 10_000;
    const points = Array.from({ length: SERIES }, (_, i) => ({
      attributes: { 'heterodyne.operation.name': `op-${i}` },
      startTimeUnixNano: 0,
      timeUnixNano: now * 1e6,
      flags: 0,
      value: 0.2 + 0.01 * Math.sin(step / 5 + i) + (i % 7) * 0.001 * step,
      isInt: false,
    }));
    await service.ingest('metrics', {
      resourceMetrics: [
        {
          resource: { attributes: { 'service.name': 'bench' }, droppedAttributesCount: 0 },
          schemaUrl: '',
          scopeMetrics: [
            {
              scope: { name: 'bench', version: '', attributes: {}, droppedAttributesCount: 0 },
              schemaUrl: '',
              metrics: [
                {
                  name: 'heterodyne.process.memory.utilization',
                  description: '',
                  unit: '1',
                  data: { type: 'gauge', points },
                },
              ],
            },
          ],
        },
      ],
    });
  }
  const rows = [];
  for (const [maxSeries, forecastSteps] of [
    [12, 10],
    [12, 0],
    [50, 10],
  ]) {
    const times = [];
    let bytes = 0;
    for (let r = 0; r < 5; r++) {
      const started = performance.now();
      const data = await collectReportData(service.backend(), { maxSeries, forecastSteps });
      const html = renderReport(data);
      times.push(performance.now() - started);
      bytes = Buffer.byteLength(html);
    }
    times.sort((a, b) => a - b);
    rows.push({
      'series stored': SERIES,
      'series charted': maxSeries,
      forecasts: forecastSteps > 0 ? 'computed' : 'none',
      'median collect + render': `${times[2].toFixed(1)} ms`,
      'HTML bytes': bytes,
    });
  }
  await service.shutdown();
  return rows;
}

// Two rounds, alternating; the second is reported (the first warms both code paths up).
let embedded = await embeddedRun();
let service = await serviceRun();
embedded = await embeddedRun();
service = await serviceRun();
const ratio = service.row['CPU µs / span'] / embedded.row['CPU µs / span'];
printMarkdownSummary(
  'Embedded mode vs a service over OTLP: handing spans to the engines',
  [embedded.row, service.row],
  [
    `CPU per span, service path / embedded path: ${ratio.toFixed(2)}× (same process, same configuration)`,
    `wall-time throughput, embedded / service: ${(embedded.row['spans/s (wall)'] / service.row['spans/s (wall)']).toFixed(2)}×`,
    `spans accepted by the pipeline, warm-up batch included: embedded ${embedded.accepted}, service ${service.accepted}`,
  ],
);
printMarkdownSummary('HTML report: collect + render', await reportRun());
