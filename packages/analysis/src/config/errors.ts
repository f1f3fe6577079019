/**
 * A configuration problem: which file, which key, which line, and what was wrong. Its
 * message reads `config.yaml:12:5: exporters.otlp.protocol: must be one of ...`, the
 * `file:line:column` prefix that editors and terminals turn into a link.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    /** The configuration file as given (`<defaults>` when there is no file). */
    readonly file: string,
    /** Dotted key path (`service.pipelines.metrics.exporters[1]`); '' for the whole file. */
    readonly path: string,
    /** What was wrong, without the location. */
    readonly problem: string,
    /** 1-based line, when the YAML parser knows it. */
    readonly line?: number,
    /** 1-based column, when the YAML parser knows it. */
    readonly column?: number,
    options?: { cause?: unknown },
  ) {
    super(formatLocation(file, line, column) + (path ? `${path}: ` : '') + problem, options);
  }
}

function formatLocation(file: string, line?: number, column?: number): string {
  if (line === undefined) return `${file}: `;
  if (column === undefined) return `${file}:${line}: `;
  return `${file}:${line}:${column}: `;
}

/** Joins a key path and a key the way errors print them (`a.b`, `a.b[2]`, `a["x.y"]`). */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  // Keys such as `service.name` (resource attributes) or `otlp/backend` stay readable; only
  // keys that would read as several segments are quoted.
  const plain = /^[A-Za-z0-9_/-]+$/.test(key);
  const segment = plain ? key : JSON.stringify(key);
  if (!parent) return plain ? key : `[${segment}]`;
  return plain ? `${parent}.${key}` : `${parent}[${segment}]`;
}
