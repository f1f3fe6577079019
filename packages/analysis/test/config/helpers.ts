import { parseConfig } from '../../src/config/load-config.js';
import type { AnalysisConfig } from '../../src/config/types.js';

/** The file name errors are expected to carry. */
export const FILE = 'config.yaml';

/** Parses YAML and returns the config, or throws with the errors. */
export function parse(text: string, env: Record<string, string> = {}): AnalysisConfig {
  const result = parseConfig(text, { file: FILE, env });
  if (!result.ok) throw new Error(result.error.map((e) => e.message).join('\n'));
  return result.value;
}

/** Parses YAML expected to be invalid and returns the error messages. */
export function errors(text: string, env: Record<string, string> = {}): string[] {
  const result = parseConfig(text, { file: FILE, env });
  if (result.ok) throw new Error('expected errors, got a valid configuration');
  return result.error.map((e) => e.message);
}
