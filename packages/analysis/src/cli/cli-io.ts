import type { Environment } from '../config/env.js';
import type { ProgressStream } from './progress-bar.js';

/** What a command reads and writes; `main.ts` passes the process's, tests pass fakes. */
export interface CliIo {
  /** Results (resolved configuration, replay summary). */
  stdout: ProgressStream;
  /** Diagnostics, logs and progress. */
  stderr: ProgressStream;
  /** Environment for `${ENV}` references and secrets in the configuration. */
  env: Environment;
  /**
   * Resolves with the name of the signal that asks `serve` to stop (SIGINT, SIGTERM).
   * @default resolves on the first SIGINT or SIGTERM of this process
   */
  waitForStop?: () => Promise<string>;
}
