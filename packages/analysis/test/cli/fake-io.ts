import type { CliIo } from '../../src/cli/cli-io.js';

/** A CLI io that records what commands write. */
export function fakeIo(
  env: Record<string, string> = {},
  waitForStop?: () => Promise<string>,
): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (s: string) => out.push(s), isTTY: false },
    stderr: { write: (s: string) => err.push(s), isTTY: false },
    env,
    waitForStop,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
