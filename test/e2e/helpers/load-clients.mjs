// The SDK side of the Prometheus load test, in a process of its own (as real producers are):
// four OpenTelemetry JS SDK clients — delta and cumulative temporality × http/protobuf and
// gRPC exporters — with the same `service.name` and no `service.instance.id`.
//
// Usage: node load-clients.mjs <otlp http base URL> <otlp grpc host:port> <counters> <histograms>
// Then, per line on stdin `round <r>`: each client records round r (see `record` below, which
// the test mirrors to compute what Prometheus must hold) and exports once; the script answers
// `done <failed exports>` on stdout. `exit` shuts the clients down.
import { createInterface } from 'node:readline';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

const [httpUrl, grpcAddress, countersArg, histogramsArg] = process.argv.slice(2);
const counters = Number(countersArg);
const histograms = Number(histogramsArg);
const BOUNDS = [0.01, 0.1, 1, 10];

/** A reader that collects only when asked. */
class OnDemandReader extends MetricReader {
  onShutdown() {
    return Promise.resolve();
  }
  onForceFlush() {
    return Promise.resolve();
  }
}

const specs = [
  ['delta-http', AggregationTemporality.DELTA, 'http'],
  ['cumulative-http', AggregationTemporality.CUMULATIVE, 'http'],
  ['delta-grpc', AggregationTemporality.DELTA, 'grpc'],
  ['cumulative-grpc', AggregationTemporality.CUMULATIVE, 'grpc'],
];

const clients = specs.map(([name, temporality, transport]) => {
  const reader = new OnDemandReader({
    aggregationTemporalitySelector: () => temporality,
    cardinalitySelector: () => 1_000_000,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'load', 'load.client': name }),
    readers: [reader],
  });
  const meter = provider.getMeter('load-test', '1.0.0');
  const exporter =
    transport === 'http'
      ? new ProtoMetricExporter({ url: `${httpUrl}/v1/metrics` })
      : new GrpcMetricExporter({ url: `http://${grpcAddress}` });
  return {
    reader,
    provider,
    exporter,
    requests: meter.createCounter('load.requests'),
    duration: meter.createHistogram('load.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: BOUNDS },
    }),
  };
});

/** What every client records in round `round` (the test computes the same). */
function record(client, round) {
  for (let k = 0; k < counters; k++) client.requests.add((k % 5) + 1 + round, { worker: `w${k}` });
  for (let k = 0; k < histograms; k++) {
    const values = [0.005, 0.05 * (round + 1), 3];
    if (k % 10 === 0) values.push(50);
    for (const v of values) client.duration.record(v, { worker: `w${k}` });
  }
}

async function round(r) {
  for (const c of clients) record(c, r);
  const codes = await Promise.all(
    clients.map(async (c) => {
      const { resourceMetrics } = await c.reader.collect();
      return new Promise((resolve) => c.exporter.export(resourceMetrics, (x) => resolve(x.code)));
    }),
  );
  return codes.filter((code) => code !== 0).length;
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, arg] = line.trim().split(' ');
  if (command === 'round') {
    process.stdout.write(`done ${await round(Number(arg))}\n`);
  } else if (command === 'exit') {
    break;
  }
}
await Promise.all(clients.map((c) => c.exporter.shutdown()));
await Promise.all(clients.map((c) => c.provider.shutdown()));
process.exit(0);
