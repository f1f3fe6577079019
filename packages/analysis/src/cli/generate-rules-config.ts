/**
 * `generate rules --config <file>`: the rules generator of a service configuration's SLOs,
 * parsed by the same loader `serve` uses (errors name file:line:col and key).
 */
import type { Generator } from '@heterodyne/dashboards';
import { loadConfig } from '../config/load-config.js';
import type { CliIo } from './cli-io.js';
import { rulesGeneratorFor } from './generate-rules.js';

/** The generator, or undefined after writing the configuration's errors to stderr. */
export function rulesGeneratorWithConfig(file: string, io: CliIo): Generator | undefined {
  const loaded = loadConfig(file, io.env);
  if (!loaded.ok) {
    for (const error of loaded.error) io.stderr.write(`${error.message}\n`);
    return undefined;
  }
  return rulesGeneratorFor(loaded.value, `the SLOs of ${file}`);
}
