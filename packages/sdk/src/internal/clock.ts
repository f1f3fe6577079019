/**
 * The monotonic clock every SDK duration is measured with, in milliseconds.
 *
 * It is an object rather than a bare function so that tests can replace `now` with a
 * hand-driven clock and compute expected durations exactly. Span timestamps are not taken
 * from here: spans keep the OpenTelemetry SDK's own clock.
 */
export const clock: { now: () => number } = {
  now: (): number => performance.now(),
};
