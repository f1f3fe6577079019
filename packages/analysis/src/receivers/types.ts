import type { Signal } from '../otlp/model.js';
import type { IngestQueue } from '../queue/types.js';
import type { ByteBudget } from './byte-budget.js';

/** The transport a request arrived on. */
export type ReceiverTransport = 'http' | 'grpc';

/**
 * Why a receiver answered a request with an error (or could not answer it):
 * - `decode_error`: the payload was not a valid OTLP message (HTTP 400, gRPC `INVALID_ARGUMENT`);
 * - `corrupt_body`: the gzip/deflate stream was invalid (HTTP 400);
 * - `too_large`: over a size limit (HTTP 413, gRPC `RESOURCE_EXHAUSTED`);
 * - `unsupported_media_type`: unknown `Content-Type` or `Content-Encoding` (HTTP 415);
 * - `not_found` / `method_not_allowed`: HTTP 404 / 405;
 * - `unauthenticated`: bearer token missing or wrong (HTTP 401, gRPC `UNAUTHENTICATED`);
 * - `overloaded` / `unavailable`: the ingest queue refused the request (HTTP 429 / 503,
 *   gRPC `UNAVAILABLE`);
 * - `aborted`: the client went away before sending its whole request;
 * - `internal`: processing failed (HTTP 500, gRPC `INTERNAL`);
 * - `headers_too_large` (HTTP 431), `request_timeout` (HTTP 408), `bad_request` (malformed
 *   HTTP, 400): answered by the HTTP server before a request was formed;
 * - `connection_limit`: a connection closed to stay within the connection cap.
 */
export type ReceiverErrorReason =
  | 'decode_error'
  | 'corrupt_body'
  | 'too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'method_not_allowed'
  | 'unauthenticated'
  | 'overloaded'
  | 'unavailable'
  | 'aborted'
  | 'internal'
  | 'headers_too_large'
  | 'request_timeout'
  | 'bad_request'
  | 'connection_limit';

/**
 * Self-telemetry hooks of the receivers. Every hook is optional; a hook that throws is
 * ignored. The queue reports processing (accepted/rejected points, latency, depth) through
 * its own hooks.
 */
export interface ReceiverTelemetry {
  /** A request was decoded: `points` data points, spans or log records arrived. */
  onReceived?(transport: ReceiverTransport, signal: Signal, points: number): void;
  /**
   * A request failed before processing. `signal` is undefined when it could not be told
   * (unknown path); `points` is 0 when the request was not decoded.
   */
  onRequestFailed?(
    transport: ReceiverTransport,
    signal: Signal | undefined,
    reason: ReceiverErrorReason,
    points: number,
  ): void;
}

/** Options both receivers share. */
export interface ReceiverCommonOptions {
  /** Where decoded requests go; usually one queue shared by both receivers. */
  queue: IngestQueue;
  /**
   * Interface to listen on.
   * @default '0.0.0.0'
   */
  host?: string;
  /**
   * Largest request accepted, in bytes, measured after decompression.
   * @default 16777216 (16 MiB)
   */
  maxRequestBodyBytes?: number;
  /**
   * Accepted bearer tokens (`Authorization: Bearer <token>`). Empty: no authentication.
   * @default []
   */
  authTokens?: readonly string[];
  /** Self-telemetry hooks. @default no-op */
  telemetry?: ReceiverTelemetry;
  /**
   * Memory for request bodies in flight (read, inflated, being decoded), shared with the
   * other receivers of the service; a request that does not fit is refused as overloaded
   * (HTTP 429 / gRPC `UNAVAILABLE` with a retry delay).
   * @default a budget of its own, 4 x `maxRequestBodyBytes`
   */
  bodyBudget?: ByteBudget;
}

/** Where a started receiver listens. */
export interface ReceiverAddress {
  host: string;
  /** The bound port (the real one when 0 was asked for). */
  port: number;
}

/** A receiver's lifecycle. */
export interface OtlpReceiver {
  /**
   * Binds and starts listening.
   * @throws when the address cannot be bound (port in use, bad host) or `start` was called twice.
   */
  start(): Promise<ReceiverAddress>;
  /**
   * Stops accepting connections and resolves once the requests in flight were answered
   * (or the shutdown grace period ran out and the remaining connections were closed).
   * Idempotent.
   */
  shutdown(): Promise<void>;
}
