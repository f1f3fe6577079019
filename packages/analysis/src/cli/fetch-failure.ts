/**
 * Why a request of a CLI command to a running service failed. `fetch` rejects with a bare
 * "fetch failed" whose `cause` holds the network error (`connect ECONNREFUSED 127.0.0.1:8080`),
 * so the cause's message is the one worth showing.
 */

/** The message of `error`'s cause when it has one, else of `error` itself. */
export function fetchFailureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}
