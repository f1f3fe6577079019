// OTLP metrics export requests with the shape of real @heterodyne/sdk exports, in the decoded
// model of @heterodyne/analysis (packages/analysis/src/otlp/model.ts), for the decode and
// ingest benchmarks: 60% `heterodyne.operation.duration` histogram points with the
// registry's 22 buckets, 40% sum points (optimization iterations and cache requests), a few
// resource and point attributes. Also the protobufjs baseline both compare against.
import { readFileSync } from 'node:fs';
import {
  ATTR_CACHE_RESULT,
  ATTR_ERROR_TYPE,
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  DURATION_BUCKETS_SECONDS,
  METRIC_CACHE_REQUESTS,
  METRIC_OPERATION_DURATION,
  METRIC_OPTIMIZATION_ITERATIONS,
} from '@heterodyne/semconv';
import protobuf from 'protobufjs';

const CUMULATIVE = 2;
const OPERATIONS = ['fit.chi2', 'fit.robust', 'correlation.g2', 'load.frames', 'export.result'];
const METHODS = ['nelder-mead', 'wasserstein', 'scenario', 'ellipsoidal'];
/** Share of the points of a request that are histogram points. */
const HISTOGRAM_SHARE = 0.6;

/** Point attributes of stream `i`: operation, method, and an error type on every 7th. */
function operationAttributes(i, method) {
  return {
    [ATTR_OPERATION_NAME]: OPERATIONS[i % OPERATIONS.length],
    [ATTR_OPTIMIZATION_METHOD]: method,
    ...(i % 7 === 0 ? { [ATTR_ERROR_TYPE]: 'ConvergenceError' } : {}),
  };
}

function sumMetric(name, points) {
  return {
    name,
    description: '',
    unit: '1',
    data: { type: 'sum', points, temporality: CUMULATIVE, isMonotonic: true },
  };
}

/** One resource with one `@heterodyne/sdk` scope holding `metrics`. */
function metricsRequest(host, pid, metrics) {
  return {
    resourceMetrics: [
      {
        resource: {
          attributes: {
            'service.name': 'heterodyne-analysis',
            'service.version': '0.1.0',
            'host.name': `node-${host}`,
            'process.pid': pid,
            'telemetry.sdk.language': 'nodejs',
            'telemetry.sdk.name': 'opentelemetry',
          },
          droppedAttributesCount: 0,
        },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: {
              name: '@heterodyne/sdk',
              version: '0.1.0',
              attributes: {},
              droppedAttributesCount: 0,
            },
            schemaUrl: '',
            metrics: [
              {
                name: METRIC_OPERATION_DURATION,
                description: 'Duration of analysis operations',
                unit: 's',
                data: { type: 'histogram', points: metrics.histogram, temporality: CUMULATIVE },
              },
              ...(metrics.iterations.length
                ? [sumMetric(METRIC_OPTIMIZATION_ITERATIONS, metrics.iterations)]
                : []),
              ...(metrics.cache.length ? [sumMetric(METRIC_CACHE_REQUESTS, metrics.cache)] : []),
            ],
          },
        ],
      },
    ],
  };
}

/**
 * One request of `points` independent random points. With `uniqueValues`, every point also
 * carries an attribute whose value is never repeated (a run id): the worst case for the
 * decoder's attribute cache.
 */
export function randomRequest(rand, points, uniqueValues = false) {
  const pick = (items) => items[Math.floor(rand() * items.length)];
  const start = 1_700_000_000_000_000_000 + Math.floor(rand() * 1e12);
  const time = start + 60e9;
  const attrs = (i) => ({
    ...operationAttributes(i, pick(METHODS)),
    ...(uniqueValues ? { 'heterodyne.run.id': Math.floor(rand() * 2 ** 52).toString(16) } : {}),
  });
  const histogramPoints = Math.round(points * HISTOGRAM_SHARE);
  const metrics = { histogram: [], iterations: [], cache: [] };
  for (let i = 0; i < histogramPoints; i++) {
    const bucketCounts = DURATION_BUCKETS_SECONDS.map(() => Math.floor(rand() * 50));
    bucketCounts.push(Math.floor(rand() * 3));
    const count = bucketCounts.reduce((a, b) => a + b, 0);
    metrics.histogram.push({
      attributes: attrs(i),
      startTimeUnixNano: start,
      timeUnixNano: time,
      flags: 0,
      count,
      sum: count * rand() * 2,
      bucketCounts,
      explicitBounds: DURATION_BUCKETS_SECONDS,
      min: rand() * 0.01,
      max: 1 + rand() * 100,
    });
  }
  for (let i = 0; i < points - histogramPoints; i++) {
    const point = {
      attributes: i % 2 ? { [ATTR_CACHE_RESULT]: pick(['hit', 'miss']) } : attrs(i),
      startTimeUnixNano: start,
      timeUnixNano: time,
      flags: 0,
      value: Math.floor(rand() * 1e6),
      isInt: true,
    };
    (i % 2 ? metrics.cache : metrics.iterations).push(point);
  }
  return metricsRequest(Math.floor(rand() * 64), Math.floor(rand() * 65536), metrics);
}

/**
 * The `points` streams of one resource, each with its own per-interval growth: histogram
 * increments in a few buckets around a per-stream median, or a sum increment.
 */
export function resourceStreams(rand, points) {
  const histograms = Math.round(points * HISTOGRAM_SHARE);
  const streams = [];
  for (let i = 0; i < points; i++) {
    const histogram = i < histograms;
    const attributes =
      histogram || i % 2 === 0
        ? {
            ...operationAttributes(i, METHODS[Math.floor(i / OPERATIONS.length) % METHODS.length]),
            'stream.index': i,
          }
        : { [ATTR_CACHE_RESULT]: i % 4 === 1 ? 'hit' : 'miss', 'stream.index': i };
    const center = 3 + Math.floor(rand() * 15);
    const rates = DURATION_BUCKETS_SECONDS.map((_, k) =>
      Math.abs(k - center) <= 1 ? 1 + Math.floor(rand() * 20) : 0,
    );
    rates.push(0);
    streams.push({ histogram, attributes, rates, value: Math.floor(rand() * 1000) });
  }
  return streams;
}

/**
 * Export `round` (0, 1, ...) of `resource`: every stream's cumulative point, started at
 * `startSeconds`, at `startSeconds + (round + 1) * intervalSeconds`.
 */
export function cumulativeExport(resource, streams, round, startSeconds, intervalSeconds) {
  const start = startSeconds * 1e9;
  const time = (startSeconds + (round + 1) * intervalSeconds) * 1e9;
  const metrics = { histogram: [], iterations: [], cache: [] };
  for (const s of streams) {
    const base = {
      attributes: s.attributes,
      startTimeUnixNano: start,
      timeUnixNano: time,
      flags: 0,
    };
    if (s.histogram) {
      const bucketCounts = s.rates.map((r) => r * (round + 1));
      const count = bucketCounts.reduce((a, b) => a + b, 0);
      metrics.histogram.push({
        ...base,
        count,
        sum: count * 0.8,
        bucketCounts,
        explicitBounds: DURATION_BUCKETS_SECONDS,
        min: undefined,
        max: undefined,
      });
    } else {
      const point = { ...base, value: s.value * (round + 1), isInt: true };
      (s.attributes[ATTR_CACHE_RESULT] ? metrics.cache : metrics.iterations).push(point);
    }
  }
  return metricsRequest(resource, 4000 + resource, metrics);
}

/** Data points in a request of the decoded model. */
export function countPoints(request) {
  let n = 0;
  for (const rm of request.resourceMetrics)
    for (const sm of rm.scopeMetrics) for (const m of sm.metrics) n += m.data.points?.length ?? 0;
  return n;
}

/**
 * protobufjs's `ExportMetricsServiceRequest`, built from our schema description of the OTLP
 * protos (packages/analysis/test/fixtures/otlp/otlp-schema.json): the generic-decoder baseline.
 */
export function protobufjsRequestType() {
  const schema = JSON.parse(
    readFileSync(
      new URL('../../packages/analysis/test/fixtures/otlp/otlp-schema.json', import.meta.url),
      'utf8',
    ),
  );
  return protobuf.Root.fromJSON(schema).lookupType(
    'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
  );
}

/** Data points in a request decoded by protobufjs (histograms and sums only). */
export function countProtobufjsPoints(message) {
  let n = 0;
  for (const rm of message.resourceMetrics)
    for (const sm of rm.scopeMetrics)
      for (const m of sm.metrics) n += (m.histogram ?? m.sum)?.dataPoints.length ?? 0;
  return n;
}
