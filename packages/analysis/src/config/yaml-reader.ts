/**
 * Typed reading of a parsed YAML document with errors that carry the key path and line.
 *
 * A {@link MapReader} wraps one mapping. Each typed getter names a key it knows, expands
 * `${ENV}` references in strings, checks the type and range, records an error (and returns
 * the default) when the value is wrong, and marks the key as known; {@link MapReader.finish}
 * then reports every key nobody asked for as unknown, listing the known ones.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import { joinPath } from './errors.js';
import { Secret } from './secret.js';
import { formatDuration, parseDuration, parseSize } from './units.js';
import {
  checkRange,
  describeNode,
  describeValue,
  readNumber,
  readString,
  report,
  resolve,
  scalarOf,
} from './yaml-scalars.js';
import type { NumberRule, ReadContext, YamlValue } from './yaml-scalars.js';

/** Reads a value of one mapping. Getters return `fallback` when the key is absent or invalid. */
export class MapReader {
  private readonly _known = new Set<string>();
  private readonly _pairs = new Map<string, Pair<unknown, unknown>>();
  private readonly _refused = new Set<string>();

  constructor(
    readonly ctx: ReadContext,
    /** The mapping node; `undefined` or YAML `null` read as an empty mapping. */
    readonly mapNode: YamlValue,
    /** Key path of this mapping. */
    readonly path: string,
  ) {
    const resolved = resolve(ctx, mapNode);
    if (resolved && isMap(resolved)) {
      for (const pair of resolved.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key === 'string') this._pairs.set(key, pair);
        else
          report(ctx, path, `keys must be strings (got ${describeValue(key)})`, pair.key as Node);
      }
    } else if (resolved && !(isScalar(resolved) && resolved.value === null)) {
      report(ctx, path, 'must be a mapping of keys to values', mapNode);
    }
  }

  /** Whether the key is written in the file (even with an empty value). */
  has(key: string): boolean {
    this._known.add(key);
    return this._pairs.has(key);
  }

  /**
   * Reports `key` with `problem` when it is written, without listing it among the known
   * keys (for keys that are recognised only to explain why they are refused).
   */
  refuse(key: string, problem: string): void {
    const pair = this._pairs.get(key);
    if (!pair) return;
    this._known.add(key);
    report(this.ctx, this.pathOf(key), problem, pair.key as Node);
    this._known.delete(key);
    this._refused.add(key);
  }

  /** The keys written in the file, in file order. */
  keys(): string[] {
    return [...this._pairs.keys()];
  }

  /** The raw node of a key (marks the key known). */
  node(key: string): YamlValue {
    this._known.add(key);
    return this._pairs.get(key)?.value as YamlValue;
  }

  /** The key's own node (for errors about the key rather than its value). */
  keyNode(key: string): YamlValue {
    this._known.add(key);
    return this._pairs.get(key)?.key as YamlValue;
  }

  /** Key path of a key of this mapping. */
  pathOf(key: string | number): string {
    return joinPath(this.path, key);
  }

  /** A nested mapping; absent or empty reads as an empty mapping. */
  map(key: string): MapReader {
    return new MapReader(this.ctx, this.node(key), this.pathOf(key));
  }

  /** Every key of this mapping with its reader path (for maps with free-form keys). */
  entries(): { key: string; node: YamlValue; path: string }[] {
    return this.keys().map((key) => ({ key, node: this.node(key), path: this.pathOf(key) }));
  }

  string(key: string, fallback: string): string;
  string(key: string): string | undefined;
  /** A string; YAML numbers and booleans are refused (quote them). */
  string(key: string, fallback?: string): string | undefined {
    const node = this.node(key);
    if (node === undefined) return fallback;
    return readString(this.ctx, node, this.pathOf(key)) ?? fallback;
  }

  number(key: string, fallback: number, rule?: NumberRule): number;
  number(key: string, fallback: undefined, rule?: NumberRule): number | undefined;
  /** A number within `rule`. A whole-string `${ENV}` reference is parsed as a number. */
  number(key: string, fallback: number | undefined, rule: NumberRule = {}): number | undefined {
    const node = this.node(key);
    if (node === undefined) return fallback;
    return readNumber(this.ctx, node, this.pathOf(key), rule) ?? fallback;
  }

  /** A boolean (`true`/`false`; from `${ENV}`, the strings `true`/`false`). */
  boolean(key: string, fallback: boolean): boolean {
    const node = this.node(key);
    if (node === undefined) return fallback;
    const path = this.pathOf(key);
    const s = scalarOf(this.ctx, node, path);
    if (s.kind === 'invalid') return fallback;
    if (s.kind === 'scalar' && typeof s.value === 'boolean') return s.value;
    if (s.kind === 'scalar' && s.fromEnv && (s.value === 'true' || s.value === 'false')) {
      return s.value === 'true';
    }
    report(this.ctx, path, `must be true or false (got ${describeNode(s)})`, node);
    return fallback;
  }

  /** One of `values`. */
  oneOf<T extends string>(key: string, values: readonly T[], fallback: T): T {
    const node = this.node(key);
    if (node === undefined) return fallback;
    const path = this.pathOf(key);
    const value = readString(this.ctx, node, path);
    if (value === undefined) return fallback;
    if ((values as readonly string[]).includes(value)) return value as T;
    const list = values.map((v) => `"${v}"`).join(', ');
    report(this.ctx, path, `must be one of ${list} (got "${value}")`, node);
    return fallback;
  }

  /** A duration (`30s`, `5m`, `24h`), in milliseconds, checked against `rule`. */
  duration(key: string, fallbackMillis: number, rule: NumberRule = {}): number {
    const node = this.node(key);
    if (node === undefined) return fallbackMillis;
    const path = this.pathOf(key);
    const s = scalarOf(this.ctx, node, path);
    if (s.kind === 'invalid') return fallbackMillis;
    const text = s.kind === 'scalar' && s.value === 0 ? '0' : s.kind === 'scalar' ? s.value : null;
    if (typeof text !== 'string') {
      report(
        this.ctx,
        path,
        `must be a duration like 30s, 5m or 24h (got ${describeNode(s)})`,
        node,
      );
      return fallbackMillis;
    }
    const parsed = parseDuration(text);
    if (!parsed.ok) {
      report(this.ctx, path, parsed.error, node);
      return fallbackMillis;
    }
    return checkRange(this.ctx, node, path, parsed.value, rule, formatDuration) ?? fallbackMillis;
  }

  /** A size (`16MiB`, `512KB`, or a number of bytes), in bytes, checked against `rule`. */
  size(key: string, fallbackBytes: number, rule: NumberRule = {}): number {
    const node = this.node(key);
    if (node === undefined) return fallbackBytes;
    const path = this.pathOf(key);
    const s = scalarOf(this.ctx, node, path);
    if (s.kind === 'invalid') return fallbackBytes;
    const value = s.kind === 'scalar' ? s.value : undefined;
    const parsed =
      typeof value === 'number'
        ? parseSize(String(value))
        : parseSize(typeof value === 'string' ? value : '?');
    if (!parsed.ok || (typeof value !== 'number' && typeof value !== 'string')) {
      report(
        this.ctx,
        path,
        `must be a size like 16MiB, 512KB or a number of bytes (got ${describeNode(s)})`,
        node,
      );
      return fallbackBytes;
    }
    return (
      checkRange(this.ctx, node, path, parsed.value, rule, (v) => `${v} bytes`) ?? fallbackBytes
    );
  }

  /** A list of strings; with `single`, a lone string is read as a one-item list. */
  stringList(key: string, fallback: string[], options: { single?: boolean } = {}): string[] {
    if (this._pairs.get(key) === undefined) {
      this._known.add(key);
      return fallback;
    }
    return this.stringItems(key, options).map((item) => item.value);
  }

  /** The valid strings of a list with their nodes and paths (for errors about one item). */
  stringItems(
    key: string,
    options: { single?: boolean } = {},
  ): { value: string; node: YamlValue; path: string }[] {
    const node = this.node(key);
    if (node === undefined) return [];
    const path = this.pathOf(key);
    const resolved = resolve(this.ctx, node);
    if (options.single && resolved && isScalar(resolved) && typeof resolved.value === 'string') {
      const one = readString(this.ctx, node, path);
      return one === undefined ? [] : [{ value: one, node, path }];
    }
    if (!resolved || !isSeq(resolved)) {
      report(this.ctx, path, 'must be a list of strings', node);
      return [];
    }
    const out: { value: string; node: YamlValue; path: string }[] = [];
    resolved.items.forEach((item, index) => {
      const itemPath = joinPath(path, index);
      const value = readString(this.ctx, item as Node, itemPath);
      if (value !== undefined) out.push({ value, node: item as Node, path: itemPath });
    });
    return out;
  }

  /**
   * A secret read from environment variables named in the file (`token_env: NAME` or a
   * list of names). The file holds only names; an unset or empty variable is an error.
   */
  secretsFromEnv(key: string): Secret[] {
    const out: Secret[] = [];
    for (const { value: name, node, path } of this.stringItems(key, { single: true })) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        report(this.ctx, path, `must name an environment variable (got "${name}")`, node);
        continue;
      }
      const value = this.ctx.env[name];
      if (value === undefined || value === '') {
        report(this.ctx, path, `environment variable ${name} is not set`, node);
        continue;
      }
      out.push(new Secret(value, `env ${name}`, name));
    }
    return out;
  }

  /** Reports keys that no getter asked for. Call after reading every known key. */
  finish(): void {
    for (const [key, pair] of this._pairs) {
      if (this._known.has(key) || this._refused.has(key)) continue;
      const known = [...this._known].sort().join(', ');
      const hint = known ? ` (known keys: ${known})` : ' (this section takes no keys)';
      report(this.ctx, this.pathOf(key), `unknown key${hint}`, pair.key as Node);
    }
  }
}
