/** Points dropped since start, by reason (`duplicate`, `overloaded`, `too_large`, ...). */
export interface DropCounter {
  add(reason: string, points: number): void;
  /** A copy, reasons in first-seen order. */
  snapshot(): Record<string, number>;
}

/** Creates an empty {@link DropCounter}. */
export function createDropCounter(): DropCounter {
  const counts = new Map<string, number>();
  return {
    add(reason, points) {
      if (points <= 0) return;
      counts.set(reason, (counts.get(reason) ?? 0) + points);
    },
    snapshot: () => Object.fromEntries(counts),
  };
}
