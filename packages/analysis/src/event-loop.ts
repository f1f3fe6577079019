/**
 * Long passes (engines over many series, checkpoints and clean-ups in slices) let ingestion
 * and the API run between their slices through this one turn of the event loop.
 */

/** Resolves after I/O callbacks waiting now have run (`setImmediate`). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
