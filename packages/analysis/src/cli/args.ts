import { parseArgs } from 'node:util';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';

/** A flag a command accepts. */
export interface FlagSpec {
  /** `string` takes a value (`--config file` or `--config=file`); `boolean` does not. */
  type: 'string' | 'boolean';
  /** One-letter alias (`-c`). */
  short?: string;
}

/** Parsed flags and positionals. */
export interface ParsedArgs {
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses a command's arguments strictly: unknown flags, a string flag without a value and a
 * flag given twice are errors that name the flag.
 */
export function parseCommandArgs(
  args: readonly string[],
  specs: Record<string, FlagSpec>,
  command: string,
): Result<ParsedArgs, string> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: specs,
      strict: true,
      allowPositionals: true,
      tokens: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return err(`${command}: ${message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name))
      return err(`${command}: option '--${token.name}' given more than once`);
    seen.add(token.name);
  }
  const flags: Record<string, string | boolean | undefined> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (Array.isArray(value)) return err(`${command}: option '--${name}' given more than once`);
    if (typeof value === 'string' && value === '')
      return err(`${command}: option '--${name}' needs a value`);
    flags[name] = value;
  }
  return ok({ flags, positionals: parsed.positionals });
}
