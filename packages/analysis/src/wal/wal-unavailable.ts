/**
 * The error a request gets while the write-ahead log cannot take records (a full disk, an
 * I/O error). It carries the queue's `unavailable` refusal, so the receivers answer it as
 * they answer a draining service: HTTP 503 / gRPC `UNAVAILABLE`, which OTLP clients retry.
 */
import type { EnqueueRefusal } from '../queue/types.js';

/** The write-ahead log cannot take (or could not sync) a request's records. */
export class WalUnavailableError extends Error {
  override readonly name = 'WalUnavailableError';
  /** How the receivers answer it. */
  readonly refusal: EnqueueRefusal;

  constructor(cause: Error) {
    super(`the write-ahead log cannot store data: ${cause.message}`, { cause });
    this.refusal = {
      reason: 'unavailable',
      message: `not stored durably (${cause.message}); retry later`,
    };
  }
}
