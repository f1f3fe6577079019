/** Default OTLP/HTTP port (https://opentelemetry.io/docs/specs/otlp/#otlphttp-default-port). */
export const DEFAULT_OTLP_HTTP_PORT = 4318;
/** Default OTLP/gRPC port (https://opentelemetry.io/docs/specs/otlp/#otlpgrpc-default-port). */
export const DEFAULT_OTLP_GRPC_PORT = 4317;
/** Default host the receivers listen on: every interface. */
export const DEFAULT_RECEIVER_HOST = '0.0.0.0';
/** Default limit on one request, after decompression: 16 MiB. */
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;
/** Default `Retry-After` (HTTP) and retry delay (gRPC `RetryInfo`) under overload, in seconds. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;
/** Default time a client has to send one whole HTTP request, in milliseconds. */
export const DEFAULT_REQUEST_TIMEOUT_MILLIS = 60_000;
/** Default time a client has to send the headers of one HTTP request, in milliseconds. */
export const DEFAULT_HEADERS_TIMEOUT_MILLIS = 10_000;
/** Default cap on open OTLP/HTTP connections. */
export const DEFAULT_MAX_CONNECTIONS = 500;
/** Default cap on calls in progress per OTLP/gRPC connection. */
export const DEFAULT_MAX_CONCURRENT_STREAMS = 100;
/** Default grace period of `shutdown()` for requests in flight, in milliseconds. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 10_000;

/**
 * Throws a `RangeError` naming the factory and the option when `value` is not a positive
 * integer: that is invalid explicit configuration.
 */
export function assertPositiveInteger(factory: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${factory}: ${name} must be a positive integer, got ${value}`);
  }
}
