/** How a piece of work ended, as seen by a caller that waits a bounded time. */
export type SettleOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'timed-out' };

/**
 * Waits for `work` at most `timeoutMillis`; never rejects. The timer does not keep the
 * process alive, and work still running after the deadline is left to finish on its own.
 */
export function settleWithin(
  work: Promise<unknown>,
  timeoutMillis: number,
): Promise<SettleOutcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timed-out' }), timeoutMillis);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve({ kind: 'done' });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'failed', error });
      },
    );
  });
}
