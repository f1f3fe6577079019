/** A service logger that keeps every line, for tests asserting on what the service logged. */
import type { ServiceLogger } from '../../src/service/logger.js';

/** A {@link ServiceLogger} whose lines read `<level> <message> <fields as JSON>`. */
export function recordingLogger(): ServiceLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}
