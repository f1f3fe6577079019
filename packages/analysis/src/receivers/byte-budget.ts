/**
 * A byte budget shared by the receivers: the memory held by request bodies being read,
 * inflated and decoded, across every concurrent request and both transports. A request
 * that cannot reserve its bytes is refused as overloaded (HTTP 429 / gRPC `UNAVAILABLE`,
 * with a retry delay) instead of adding to memory.
 */

/** Reservations against a fixed number of bytes. */
export interface ByteBudget {
  /** The budget, in bytes. */
  readonly limit: number;
  /** Bytes reserved now. */
  readonly used: number;
  /** True when `bytes` would fit now (always when nothing is reserved). */
  fits(bytes: number): boolean;
  /**
   * Reserves `bytes` when they fit, or when nothing but the caller's own `held` bytes is
   * reserved (one request alone may always grow to its body size limit); false otherwise.
   */
  tryReserve(bytes: number, held?: number): boolean;
  /** Returns `bytes` reserved earlier. */
  release(bytes: number): void;
}

/**
 * Creates a budget of `limit` bytes. A request alone may always reserve (and grow) past the
 * limit, so a request under the body size limit can always be served when nothing else is
 * in flight, whatever the two limits are.
 */
export function createByteBudget(limit: number): ByteBudget {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`createByteBudget: limit must be a positive integer, got ${limit}`);
  }
  let used = 0;
  return {
    limit,
    get used() {
      return used;
    },
    fits(bytes) {
      return used === 0 || used + bytes <= limit;
    },
    tryReserve(bytes, held = 0) {
      if (used - held > 0 && used + bytes > limit) return false;
      used += bytes;
      return true;
    },
    release(bytes) {
      used = Math.max(0, used - bytes);
    },
  };
}

/** One request's share of a {@link ByteBudget}: grows as its body arrives, released once. */
export interface BudgetShare {
  /** Bytes this request holds. */
  readonly held: number;
  /** Reserves `bytes` more; false when the budget is exhausted. */
  grow(bytes: number): boolean;
  /** Returns everything this request holds; idempotent. */
  releaseAll(): void;
}

/** Opens a share of `budget` for one request. */
export function openShare(budget: ByteBudget): BudgetShare {
  let held = 0;
  return {
    get held() {
      return held;
    },
    grow(bytes) {
      if (!budget.tryReserve(bytes, held)) return false;
      held += bytes;
      return true;
    },
    releaseAll() {
      budget.release(held);
      held = 0;
    },
  };
}
