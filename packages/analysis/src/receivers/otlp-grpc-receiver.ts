import { Metadata, Server, ServerCredentials, ServerInterceptingCall, status } from '@grpc/grpc-js';
import type {
  sendUnaryData,
  ServerInterceptor,
  ServerUnaryCall,
  ServiceError,
} from '@grpc/grpc-js';
import type { Signal } from '../otlp/model.js';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import type { DecodeOptions } from '../otlp/limits.js';
import { createBearerTokenCheck } from '../auth/bearer-token.js';
import {
  assertPositiveInteger,
  DEFAULT_MAX_CONCURRENT_STREAMS,
  DEFAULT_MAX_REQUEST_BODY_BYTES,
  DEFAULT_OTLP_GRPC_PORT,
  DEFAULT_RECEIVER_HOST,
  DEFAULT_RETRY_AFTER_SECONDS,
  DEFAULT_SHUTDOWN_TIMEOUT_MILLIS,
} from './defaults.js';
import { RPC_CODE_BY_REASON } from './error-status.js';
import { createOtlpServiceDefinition, otlpGrpcExportPath } from './grpc-service-definition.js';
import type { AdmitMessage, DecodedExportRequest } from './grpc-service-definition.js';
import { createByteBudget } from './byte-budget.js';
import { installGrpcLogRedaction } from './grpc-log-redaction.js';
import { OtlpDecodeError } from '../otlp/model.js';
import type { EnqueueRefusal } from '../queue/types.js';
import { countPoints } from './otlp-codec.js';
import { encodeStatusWithRetryInfo } from './rpc-status-details.js';
import { createTelemetryReporter, partialSuccessOf, submit } from './submit.js';
import type { PartialSuccess } from './otlp-codec.js';
import type { OtlpReceiver, ReceiverAddress, ReceiverCommonOptions } from './types.js';

/** Options of {@link createOtlpGrpcReceiver}. */
export interface OtlpGrpcReceiverOptions extends ReceiverCommonOptions {
  /**
   * Port to listen on; 0 picks a free one (see `start()`'s result).
   * @default 4317
   */
  port?: number;
  /**
   * Retry delay sent with `UNAVAILABLE` (as `google.rpc.RetryInfo` in the status details),
   * in seconds.
   * @default 1
   */
  retryAfterSeconds?: number;
  /**
   * How long `shutdown()` waits for calls in flight before cancelling them, in milliseconds.
   * @default 10000
   */
  shutdownTimeoutMillis?: number;
  /** Limits of the OTLP decoder (attribute sizes, nesting). @default the decoder's defaults */
  decodeOptions?: DecodeOptions;
  /**
   * Most calls in progress on one HTTP/2 connection (its `SETTINGS_MAX_CONCURRENT_STREAMS`):
   * grpc-js holds each call's message (up to `maxRequestBodyBytes`) before it is decoded,
   * so this bounds what one client connection can make the receiver hold.
   * @default 100
   */
  maxConcurrentStreams?: number;
}

const SIGNALS: readonly Signal[] = ['metrics', 'traces', 'logs'];

/**
 * Creates the OTLP/gRPC receiver: the `Export` method of the metrics, trace and logs
 * collector services, defined by hand (no `.proto` loading) around our protobuf codec.
 * Status codes follow https://opentelemetry.io/docs/specs/otlp/#otlpgrpc-response :
 * `INVALID_ARGUMENT` for undecodable requests (not retryable), `UNAVAILABLE` under overload
 * or while draining (retryable), `UNAUTHENTICATED` for a missing or wrong bearer token,
 * `RESOURCE_EXHAUSTED` over the size limit (applied by grpc-js after decompression).
 */
export function createOtlpGrpcReceiver(options: OtlpGrpcReceiverOptions): OtlpReceiver {
  const queue = options.queue;
  const host = options.host ?? DEFAULT_RECEIVER_HOST;
  const port = options.port ?? DEFAULT_OTLP_GRPC_PORT;
  const maxMessageBytes = options.maxRequestBodyBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES;
  const retryAfterSeconds = Math.max(0, options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
  const shutdownTimeoutMillis = options.shutdownTimeoutMillis ?? DEFAULT_SHUTDOWN_TIMEOUT_MILLIS;
  const telemetry = createTelemetryReporter('grpc', options.telemetry);
  const checkToken = createBearerTokenCheck(options.authTokens ?? []);
  assertPositiveInteger('createOtlpGrpcReceiver', 'maxRequestBodyBytes', maxMessageBytes);
  const bodyBudget = options.bodyBudget ?? createByteBudget(4 * maxMessageBytes);
  const maxConcurrentStreams = options.maxConcurrentStreams ?? DEFAULT_MAX_CONCURRENT_STREAMS;
  assertPositiveInteger('createOtlpGrpcReceiver', 'maxConcurrentStreams', maxConcurrentStreams);

  const signalByPath = new Map(SIGNALS.map((signal) => [otlpGrpcExportPath(signal), signal]));

  // Authentication runs on the metadata, before any message is read or decoded.
  const authenticate: ServerInterceptor = (method, call) =>
    new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, forward) => {
            const values = metadata.get('authorization');
            const header = typeof values[0] === 'string' ? values[0] : undefined;
            const check = checkToken(header);
            if (check === 'ok') {
              forward(metadata);
              return;
            }
            telemetry.failed(signalByPath.get(method.path), 'unauthenticated');
            call.sendStatus({
              code: status.UNAUTHENTICATED,
              details:
                check === 'missing'
                  ? 'missing authorization metadata: Bearer <token>'
                  : 'invalid bearer token',
            });
          },
        }),
    });

  let server: Server | undefined;
  let shutdownPromise: Promise<void> | undefined;

  function exportHandler<S extends Signal>(signal: S) {
    return (
      call: ServerUnaryCall<DecodedExportRequest<S>, PartialSuccess | undefined>,
      callback: sendUnaryData<PartialSuccess | undefined>,
    ): void => {
      handleExport(signal, call.request).then(
        (answer) => (answer.ok ? callback(null, answer.value) : callback(answer.error)),
        (error: unknown) => {
          telemetry.failed(signal, 'internal');
          callback({ code: status.INTERNAL, details: `internal error: ${String(error)}` });
        },
      );
    };
  }

  async function handleExport<S extends Signal>(
    signal: S,
    decoded: DecodedExportRequest<S>,
  ): Promise<Result<PartialSuccess | undefined, Partial<ServiceError>>> {
    if (!decoded.ok) {
      const error = decoded.error;
      if (!(error instanceof OtlpDecodeError)) return err(refusalStatus(signal, error, 0));
      const reason = error.tooLarge ? 'too_large' : 'decode_error';
      telemetry.failed(signal, reason);
      return err({
        code: RPC_CODE_BY_REASON[reason],
        details: `${error.tooLarge ? 'too large an' : 'invalid'} OTLP protobuf ${signal} request: ${error.message}`,
      });
    }
    const points = countPoints(signal, decoded.value);
    telemetry.received(signal, points);
    const result = await submit(queue, signal, decoded.value, points);
    switch (result.kind) {
      case 'processed':
        return ok(partialSuccessOf(result.outcome));
      case 'refused':
        return err(refusalStatus(signal, result.refusal, points));
      case 'failed':
        telemetry.failed(signal, 'internal', points);
        return err({ code: status.INTERNAL, details: result.message });
    }
  }

  /** `UNAVAILABLE` with a `RetryInfo` delay, for a request the queue or budget refused. */
  function refusalStatus(
    signal: Signal,
    refusal: EnqueueRefusal,
    points: number,
  ): Partial<ServiceError> {
    telemetry.failed(signal, refusal.reason, points);
    const code = RPC_CODE_BY_REASON[refusal.reason];
    const metadata = new Metadata();
    metadata.set(
      'grpc-status-details-bin',
      encodeStatusWithRetryInfo(code, refusal.message, retryAfterSeconds),
    );
    return { code, details: refusal.message, metadata };
  }

  /**
   * Admission of a message grpc-js has read, before it is decoded: a full queue or used-up
   * memory for bodies in flight refuses it undecoded.
   */
  const admit: AdmitMessage = (signal, bytes) => {
    const refusal = queue.check(signal);
    if (refusal !== undefined) return refusal;
    if (!bodyBudget.tryReserve(bytes)) {
      return {
        reason: 'overloaded',
        message: `the memory for request bodies in flight is used up (${bodyBudget.used} of ${bodyBudget.limit} bytes); retry later`,
      };
    }
    return () => bodyBudget.release(bytes);
  };

  return {
    start(): Promise<ReceiverAddress> {
      if (server !== undefined || shutdownPromise !== undefined) {
        return Promise.reject(new Error('OTLP/gRPC receiver already started or shut down'));
      }
      installGrpcLogRedaction();
      const created = new Server({
        'grpc.max_receive_message_length': maxMessageBytes,
        'grpc.max_concurrent_streams': maxConcurrentStreams,
        interceptors: [authenticate],
      });
      for (const signal of SIGNALS) {
        created.addService(createOtlpServiceDefinition(signal, options.decodeOptions, admit), {
          Export: exportHandler(signal),
        });
      }
      server = created;
      const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      return new Promise((resolve, reject) => {
        created.bindAsync(target, ServerCredentials.createInsecure(), (error, boundPort) => {
          if (error)
            reject(new Error(`OTLP/gRPC receiver: cannot listen on ${target}`, { cause: error }));
          else resolve({ host, port: boundPort });
        });
      });
    },

    shutdown(): Promise<void> {
      shutdownPromise ??= new Promise<void>((resolve) => {
        const current = server;
        if (current === undefined) {
          resolve();
          return;
        }
        // tryShutdown stops accepting and waits for calls in flight; force after the grace period.
        const timer = setTimeout(() => {
          current.forceShutdown();
          resolve();
        }, shutdownTimeoutMillis);
        timer.unref();
        current.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return shutdownPromise;
    },
  };
}
