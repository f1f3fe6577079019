import { status as GrpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { decodeExportResponse } from '../../src/otlp/decode-response.js';
import { RpcCode, encodeExportResponse } from '../../src/otlp/responses.js';
import type { OtlpEncoding } from '../../src/otlp/responses.js';
import { otlpRoot } from './helpers/protobufjs-otlp.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const decoded = (bytes: Uint8Array, encoding: OtlpEncoding = 'protobuf') => {
  const result = decodeExportResponse(bytes, encoding);
  if (!result.ok) throw result.error;
  return result.value;
};
const failure = (bytes: Uint8Array, encoding: OtlpEncoding = 'protobuf') => {
  const result = decodeExportResponse(bytes, encoding);
  return result.ok ? undefined : result.error.message;
};

describe('decodeExportResponse', () => {
  it('reads a full success (empty message, {}) as undefined', () => {
    expect(decoded(new Uint8Array(0))).toBeUndefined();
    expect(decoded(utf8('{}'), 'json')).toBeUndefined();
  });

  it('reads partial_success written by hand: field 1 { rejected = 3, error_message = "x" }', () => {
    // 0x0a = field 1 LEN, length 5; 0x08 = field 1 varint 3; 0x12 = field 2 LEN, length 1, 'x'.
    const bytes = Uint8Array.from([0x0a, 0x05, 0x08, 0x03, 0x12, 0x01, 0x78]);
    expect(decoded(bytes)).toEqual({ rejected: 3, errorMessage: 'x' });
  });

  it('reads responses protobufjs encodes, skipping unknown fields', () => {
    const type = otlpRoot.lookupType(
      'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
    );
    const bytes = type
      .encode(type.fromObject({ partialSuccess: { rejectedSpans: 2 ** 40, errorMessage: 'é' } }))
      .finish();
    expect(decoded(bytes)).toEqual({ rejected: 2 ** 40, errorMessage: 'é' });
    // An unknown varint field 9 (0x48) before and after is skipped.
    const padded = Uint8Array.from([0x48, 0x01, ...bytes, 0x48, 0x02]);
    expect(decoded(padded)).toEqual({ rejected: 2 ** 40, errorMessage: 'é' });
  });

  it.each(['metrics', 'traces', 'logs'] as const)(
    'reads back what encodeExportResponse writes for %s, in protobuf and JSON',
    (signal) => {
      const partial = { rejected: 7, errorMessage: 'seven bad' };
      for (const encoding of ['protobuf', 'json'] as const) {
        expect(decoded(encodeExportResponse(signal, encoding, partial), encoding)).toEqual(partial);
      }
    },
  );

  it('reads JSON int64 counts as strings or numbers, and a message-only warning', () => {
    expect(decoded(utf8('{"partialSuccess":{"rejectedLogRecords":"12"}}'), 'json')).toEqual({
      rejected: 12,
      errorMessage: '',
    });
    expect(decoded(utf8('{"partialSuccess":{"rejectedDataPoints":4}}'), 'json')).toEqual({
      rejected: 4,
      errorMessage: '',
    });
    expect(decoded(utf8('{"partialSuccess":{"errorMessage":"slow down"}}'), 'json')).toEqual({
      rejected: 0,
      errorMessage: 'slow down',
    });
  });

  it.each([
    [Uint8Array.from([0x0a, 0x05, 0x08]), 'protobuf', /^partial_success is truncated/],
    [
      Uint8Array.from([0x0a, 0x02, 0x0d, 0x00]),
      'protobuf',
      /^partial_success: rejected has wire type 5 \(i32\), expected 0/,
    ],
    [
      Uint8Array.from([0x0a, 0x02, 0x12, 0x01]),
      'protobuf',
      /^partial_success: error_message is truncated/,
    ],
    [Uint8Array.from([0x0d]), 'protobuf', /^partial_success has wire type 5 \(i32\), expected 2/],
    [utf8('not json'), 'json', /^response is not JSON/],
    [utf8('[]'), 'json', /^response is not a JSON object/],
    [utf8('{"partialSuccess":1}'), 'json', /^partialSuccess is not a JSON object/],
    [utf8('{"partialSuccess":{"rejectedSpans":"-1"}}'), 'json', /rejectedSpans is not a count/],
    [utf8('{"partialSuccess":{"errorMessage":3}}'), 'json', /errorMessage is not a string/],
  ] as const)('refuses %j (%s)', (bytes, encoding, message) => {
    expect(failure(bytes, encoding)).toMatch(message);
  });
});

describe('RpcCode', () => {
  it('is the complete google.rpc.Code table, the same numbers as grpc-js', () => {
    const fromGrpc = Object.fromEntries(
      Object.entries(GrpcStatus).filter(([name]) => Number.isNaN(Number(name))),
    );
    expect(RpcCode).toEqual(fromGrpc);
    expect(Object.keys(RpcCode)).toHaveLength(17);
  });
});
