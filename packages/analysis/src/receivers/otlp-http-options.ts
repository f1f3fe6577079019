/** Options of the OTLP/HTTP receiver (`otlp-http-receiver.ts`). */
import type { DecodeOptions } from '../otlp/limits.js';
import type { ReceiverCommonOptions } from './types.js';

/** Options of `createOtlpHttpReceiver`. */
export interface OtlpHttpReceiverOptions extends ReceiverCommonOptions {
  /**
   * Port to listen on; 0 picks a free one (see `start()`'s result).
   * @default 4318
   */
  port?: number;
  /**
   * Largest body as sent on the wire (compressed or not), in bytes.
   * @default maxRequestBodyBytes
   */
  maxCompressedBodyBytes?: number;
  /**
   * `Retry-After` of 429 and 503 answers, in whole seconds.
   * @default 1
   */
  retryAfterSeconds?: number;
  /**
   * Time a client has to send one whole request (headers and body), in milliseconds; a
   * slower client gets 408 and is disconnected.
   * @default 60000
   */
  requestTimeoutMillis?: number;
  /**
   * Time a client has to send the headers of a request, in milliseconds; a slower client
   * gets 408 and is disconnected (slow-header protection).
   * @default 10000
   */
  headersTimeoutMillis?: number;
  /**
   * Most connections open at once. Past it the connection idle the longest (a client still
   * sending its headers, or an idle keep-alive connection) is closed to make room; when
   * every connection is busy with a request, the new one is closed.
   * @default 500
   */
  maxConnections?: number;
  /**
   * How long `shutdown()` waits for requests in flight before closing their connections,
   * in milliseconds.
   * @default 10000
   */
  shutdownTimeoutMillis?: number;
  /** Limits of the OTLP decoders (attribute sizes, nesting). @default the decoders' defaults */
  decodeOptions?: DecodeOptions;
}
