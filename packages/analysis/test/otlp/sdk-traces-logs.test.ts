import type { HrTime } from '@opentelemetry/api';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { decodeLogsJson, decodeTracesJson } from '../../src/otlp/decode-json.js';
import { decodeLogsProtobuf, decodeTracesProtobuf } from '../../src/otlp/decode-protobuf.js';
import { protobufjsLogs, protobufjsTraces } from './helpers/protobufjs-otlp.js';

const resource = resourceFromAttributes({ 'service.name': 'fit-service' });

function nanos([seconds, nanoseconds]: HrTime): number {
  return Number(BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds));
}

async function recordSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('heterodyne.test', '0.1.0');
  const parent = tracer.startSpan('fit', {
    kind: SpanKind.SERVER,
    attributes: { 'heterodyne.operation': 'fit', points: 1024, converged: true, chi2: 0.98 },
  });
  const child = tracer.startSpan(
    'chi2',
    { kind: SpanKind.CLIENT, links: [{ context: parent.spanContext() }] },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  child.addEvent('iteration', { n: 1 });
  child.addEvent('iteration', { n: 2 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'diverged' });
  child.end();
  parent.setStatus({ code: SpanStatusCode.OK });
  parent.end();
  await provider.forceFlush();
  // Shutting the in-memory exporter down clears it: read first.
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

async function recordLogs(): Promise<ReadableLogRecord[]> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('heterodyne.test', '0.1.0');
  logger.emit({
    eventName: 'heterodyne.fit.diverged',
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    timestamp: [1_700_000_000, 123_456_789],
    body: {
      message: 'fit diverged',
      iterations: 3,
      residual: 0.25,
      nested: { list: [1, 'a', true, null] },
      raw: new Uint8Array([1, 2, 3]),
    },
    attributes: {
      'code.function': 'fit',
      attempt: 2,
      weights: [0.5, 1.5],
      blob: new Uint8Array([9]),
    },
  });
  logger.emit({ body: 'plain text', severityNumber: SeverityNumber.INFO });
  await provider.forceFlush();
  const records = exporter.getFinishedLogRecords();
  await provider.shutdown();
  return records;
}

describe('decoding the official OTLP trace and logs serializers', () => {
  it('decodes ids, kinds, times, attributes, status and event/link counts of SDK spans', async () => {
    const spans = await recordSpans();
    const result = decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!);
    if (!result.ok) throw result.error;
    const rs = result.value.resourceSpans[0]!;
    expect(rs.resource.attributes['service.name']).toBe('fit-service');
    const ss = rs.scopeSpans[0]!;
    expect(ss.scope).toMatchObject({ name: 'heterodyne.test', version: '0.1.0' });
    const byName = new Map(ss.spans.map((s) => [s.name, s]));
    const sdkByName = new Map(spans.map((s) => [s.name, s]));
    const fit = byName.get('fit')!;
    const chi2 = byName.get('chi2')!;
    const sdkFit = sdkByName.get('fit')!;
    const sdkChi2 = sdkByName.get('chi2')!;

    expect(fit.traceId).toBe(sdkFit.spanContext().traceId);
    expect(fit.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fit.spanId).toBe(sdkFit.spanContext().spanId);
    expect(fit.parentSpanId).toBe('');
    expect(chi2.parentSpanId).toBe(fit.spanId);
    expect(chi2.traceId).toBe(fit.traceId);
    // OTLP SpanKind is the API's plus one: SERVER 2, CLIENT 3.
    expect(fit.kind).toBe(2);
    expect(chi2.kind).toBe(3);
    expect(fit.attributes).toEqual({
      'heterodyne.operation': 'fit',
      points: 1024,
      converged: true,
      chi2: 0.98,
    });
    expect(chi2.status).toEqual({ code: 2, message: 'diverged' });
    expect(fit.status).toEqual({ code: 1, message: '' });
    expect(chi2.eventsCount).toBe(2);
    expect(chi2.linksCount).toBe(1);
    expect(fit.startTimeUnixNano).toBe(nanos(sdkFit.startTime));
    expect(fit.endTimeUnixNano).toBe(nanos(sdkFit.endTime));
    expect(chi2.endTimeUnixNano).toBe(nanos(sdkChi2.endTime));
  });

  it('decodes the JSON trace serializer output to the same model, and agrees with protobufjs', async () => {
    const spans = await recordSpans();
    const bytes = ProtobufTraceSerializer.serializeRequest(spans)!;
    const fromProtobuf = decodeTracesProtobuf(bytes);
    const fromJson = decodeTracesJson(JsonTraceSerializer.serializeRequest(spans)!);
    if (!fromProtobuf.ok) throw fromProtobuf.error;
    if (!fromJson.ok) throw fromJson.error;
    expect(fromJson.value).toEqual(fromProtobuf.value);
    expect(protobufjsTraces(bytes)).toEqual(fromProtobuf.value);
  });

  it('decodes SDK log records: structured bodies, bytes, severity, event name, times', async () => {
    const records = await recordLogs();
    const result = decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(records)!);
    if (!result.ok) throw result.error;
    const logs = result.value.resourceLogs[0]!.scopeLogs[0]!.logRecords;
    expect(logs).toHaveLength(2);
    const [warn, info] = logs;
    expect(warn).toMatchObject({
      eventName: 'heterodyne.fit.diverged',
      severityNumber: 13,
      severityText: 'WARN',
      timeUnixNano: Number(1_700_000_000_123_456_789n),
      observedTimeUnixNano: nanos(records[0]!.hrTimeObserved),
    });
    expect(warn!.body).toEqual({
      message: 'fit diverged',
      iterations: 3,
      residual: 0.25,
      nested: { list: [1, 'a', true, null] },
      raw: new Uint8Array([1, 2, 3]),
    });
    expect(warn!.attributes).toEqual({
      'code.function': 'fit',
      attempt: 2,
      weights: [0.5, 1.5],
      blob: new Uint8Array([9]),
    });
    expect(info).toMatchObject({ body: 'plain text', severityNumber: 9, traceId: '', spanId: '' });
  });

  it('decodes the JSON logs serializer output to the same model, and agrees with protobufjs', async () => {
    const records = await recordLogs();
    const bytes = ProtobufLogsSerializer.serializeRequest(records)!;
    const fromProtobuf = decodeLogsProtobuf(bytes);
    const fromJson = decodeLogsJson(JsonLogsSerializer.serializeRequest(records)!);
    if (!fromProtobuf.ok) throw fromProtobuf.error;
    if (!fromJson.ok) throw fromJson.error;
    expect(fromJson.value).toEqual(fromProtobuf.value);
    expect(protobufjsLogs(bytes)).toEqual(fromProtobuf.value);
  });
});
