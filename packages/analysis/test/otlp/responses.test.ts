import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { RpcCode, encodeExportResponse, encodeRpcStatus } from '../../src/otlp/responses.js';
import { otlpRoot } from './helpers/protobufjs-otlp.js';

const decodeWith = (typeName: string, bytes: Uint8Array) => {
  const type = otlpRoot.lookupType(typeName);
  return type.toObject(type.decode(bytes), { longs: Number });
};
const json = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;

describe('export responses', () => {
  it('leaves partial_success unset on full success', () => {
    expect(encodeExportResponse('metrics', 'protobuf')).toHaveLength(0);
    expect(
      encodeExportResponse('traces', 'protobuf', { rejected: 0, errorMessage: '' }),
    ).toHaveLength(0);
    expect(json(encodeExportResponse('logs', 'json'))).toEqual({});
  });

  it('encodes partial success per signal, read back by protobufjs', () => {
    const partial = { rejected: 3, errorMessage: '3 points had no value' };
    expect(
      decodeWith(
        'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse',
        encodeExportResponse('metrics', 'protobuf', partial),
      ),
    ).toEqual({ partialSuccess: { rejectedDataPoints: 3, errorMessage: '3 points had no value' } });
    expect(
      decodeWith(
        'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
        encodeExportResponse('traces', 'protobuf', { rejected: 2 ** 40, errorMessage: '' }),
      ),
    ).toEqual({ partialSuccess: { rejectedSpans: 2 ** 40 } });
    expect(
      decodeWith(
        'opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse',
        encodeExportResponse('logs', 'protobuf', { rejected: 0, errorMessage: 'slow down' }),
      ),
    ).toEqual({ partialSuccess: { errorMessage: 'slow down' } });
  });

  it('is understood by the official OTLP exporters', () => {
    const partial = { rejected: 5, errorMessage: 'bad points' };
    const metrics = ProtobufMetricsSerializer.deserializeResponse(
      encodeExportResponse('metrics', 'protobuf', partial),
    );
    expect(Number(metrics.partialSuccess?.rejectedDataPoints)).toBe(5);
    expect(metrics.partialSuccess?.errorMessage).toBe('bad points');
    const traces = ProtobufTraceSerializer.deserializeResponse(
      encodeExportResponse('traces', 'protobuf', partial),
    );
    expect(Number(traces.partialSuccess?.rejectedSpans)).toBe(5);
    const logs = ProtobufLogsSerializer.deserializeResponse(
      encodeExportResponse('logs', 'protobuf', partial),
    );
    expect(Number(logs.partialSuccess?.rejectedLogRecords)).toBe(5);
  });

  it('encodes JSON with lowerCamelCase keys and int64 as a decimal string', () => {
    const partial = { rejected: 7, errorMessage: 'x' };
    expect(json(encodeExportResponse('metrics', 'json', partial))).toEqual({
      partialSuccess: { rejectedDataPoints: '7', errorMessage: 'x' },
    });
    expect(json(encodeExportResponse('traces', 'json', partial))).toEqual({
      partialSuccess: { rejectedSpans: '7', errorMessage: 'x' },
    });
    expect(json(encodeExportResponse('logs', 'json', partial))).toEqual({
      partialSuccess: { rejectedLogRecords: '7', errorMessage: 'x' },
    });
  });
});

describe('google.rpc.Status', () => {
  it('encodes code and message in protobuf, with no details', () => {
    const status = { code: RpcCode.INVALID_ARGUMENT, message: 'resource_metrics[0] is truncated' };
    const bytes = encodeRpcStatus(status, 'protobuf');
    expect(decodeWith('google.rpc.Status', bytes)).toEqual(status);
    // code 3: 08 03; message: 12 <len> ...
    expect(Buffer.from(bytes.subarray(0, 3)).toString('hex')).toBe('080312');
  });

  it('encodes code and message in JSON', () => {
    expect(
      json(encodeRpcStatus({ code: RpcCode.UNAVAILABLE, message: 'overloaded' }, 'json')),
    ).toEqual({
      code: 14,
      message: 'overloaded',
    });
  });
});
