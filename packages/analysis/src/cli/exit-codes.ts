/**
 * Exit codes of `heterodyne-monitor`.
 *
 * | code | meaning |
 * | --- | --- |
 * | 0 | success (`serve` stopped cleanly by SIGINT/SIGTERM) |
 * | 1 | invalid configuration (`config check`, or any command loading a bad file), or `replay` input that could not be read or decoded |
 * | 2 | usage error: unknown command or flag, missing argument |
 * | | `baseline check` has its own: 0 no regression, 1 regression, 2 usage or data problem |
 * | 3 | runtime failure: the service could not start (port in use, store unreachable or in use by another process) or failed while running/stopping; `replay` could not open its store or reach the `--to` service |
 */
export const EXIT_OK = 0;
/** Invalid configuration or unreadable/undecodable replay input. */
export const EXIT_INVALID = 1;
/** Unknown command or flag, missing or malformed argument. */
export const EXIT_USAGE = 2;
/** The service failed to start, run or stop. */
export const EXIT_RUNTIME = 3;
