/**
 * Loopback OTLP endpoints that record what the SDK exporters send: an HTTP server for
 * `/v1/metrics` (protobuf or JSON) and a gRPC server for `MetricsService/Export`.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as GrpcServer, ServerCredentials } from '@grpc/grpc-js';
import type { Metadata, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';

/** One export request as received. */
export interface ReceivedExport {
  path: string;
  contentType: string;
  headers: IncomingHttpHeaders | Record<string, string>;
  body: Buffer;
}

/** A started sink. */
export interface OtlpSink {
  /** Base URL for the exporter's `endpoint`. */
  url: string;
  received: ReceivedExport[];
  close(): Promise<void>;
}

/** An OTLP/HTTP endpoint answering every export with success. */
export async function startHttpSink(): Promise<OtlpSink> {
  const received: ReceivedExport[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const contentType = String(req.headers['content-type'] ?? '');
      received.push({
        path: req.url ?? '',
        contentType,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      // An empty ExportMetricsServiceResponse in the request's encoding.
      const json = contentType.startsWith('application/json');
      res.writeHead(200, { 'Content-Type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : Buffer.alloc(0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const EXPORT_PATH = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

/** An OTLP/gRPC endpoint (plaintext) answering every export with success. */
export async function startGrpcSink(): Promise<OtlpSink> {
  const received: ReceivedExport[] = [];
  const server = new GrpcServer();
  const identity = (b: Buffer): Buffer => b;
  server.addService(
    {
      Export: {
        path: EXPORT_PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    },
    {
      Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        const headers: Record<string, string> = {};
        const metadata: Metadata = call.metadata;
        for (const [key, value] of Object.entries(metadata.getMap())) headers[key] = String(value);
        received.push({
          path: EXPORT_PATH,
          contentType: 'application/grpc',
          headers,
          body: call.request,
        });
        callback(null, Buffer.alloc(0));
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
