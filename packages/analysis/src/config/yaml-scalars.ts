/**
 * Reading YAML scalars with `${ENV}` expansion, type and range checks, and errors that carry
 * the key path and the line (see {@link report}).
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import { expandEnv } from './env.js';
import type { Environment } from './env.js';
import { ConfigError } from './errors.js';

/** Shared state of one parse: the file, the environment and the errors found so far. */
export interface ReadContext {
  readonly file: string;
  readonly env: Environment;
  readonly doc: Document | undefined;
  readonly lines: LineCounter | undefined;
  readonly errors: ConfigError[];
}

/** Range checks for numbers. */
export interface NumberRule {
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Require a whole number. */
  integer?: boolean;
}

/** A YAML node, or `undefined` when the key is absent. */
export type YamlValue = Node | null | undefined;

/** Records an error at `node` (or without a line when the node is absent). */
export function report(ctx: ReadContext, path: string, problem: string, node?: YamlValue): void {
  const offset = node && 'range' in node ? node.range?.[0] : undefined;
  const pos = offset === undefined || !ctx.lines ? undefined : ctx.lines.linePos(offset);
  ctx.errors.push(new ConfigError(ctx.file, path, problem, pos?.line, pos?.col));
}

/** The node an alias (`*name`) points at; any other node as is. */
export function resolve(ctx: ReadContext, node: YamlValue): YamlValue {
  if (node && isAlias(node) && ctx.doc) return node.resolve(ctx.doc) as Node | undefined;
  return node;
}

/** A value as errors show it (`"text"`, `number 5`, `null`). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value} ${String(value)}`;
}

/** A scalar's value with `${ENV}` expanded, or a marker for a mapping/sequence. */
export type Scalarish =
  | { kind: 'scalar'; value: unknown; fromEnv: boolean }
  | { kind: 'map' }
  | { kind: 'seq' }
  | { kind: 'invalid' };

/** A node's scalar value with `${ENV}` expanded (reporting bad references), or its kind. */
export function scalarOf(ctx: ReadContext, node: YamlValue, path: string): Scalarish {
  const resolved = resolve(ctx, node);
  if (resolved && isMap(resolved)) return { kind: 'map' };
  if (resolved && isSeq(resolved)) return { kind: 'seq' };
  const value = resolved && isScalar(resolved) ? resolved.value : null;
  if (typeof value !== 'string') return { kind: 'scalar', value, fromEnv: false };
  const expanded = expandEnv(value, ctx.env);
  if (!expanded.ok) {
    report(ctx, path, expanded.error, node);
    return { kind: 'invalid' };
  }
  return {
    kind: 'scalar',
    value: expanded.value.value,
    fromEnv: expanded.value.variables.length > 0,
  };
}

/** A value as errors show it, for any node kind. */
export function describeNode(s: Scalarish): string {
  if (s.kind === 'map') return 'a mapping';
  if (s.kind === 'seq') return 'a list';
  if (s.kind === 'scalar') return describeValue(s.value);
  return 'an invalid value';
}

/** Reads a string scalar (with `${ENV}` expanded), reporting anything else. */
export function readString(ctx: ReadContext, node: YamlValue, path: string): string | undefined {
  const s = scalarOf(ctx, node, path);
  if (s.kind === 'invalid') return undefined;
  if (s.kind === 'scalar' && typeof s.value === 'string') return s.value;
  const hint = s.kind === 'scalar' && s.value !== null ? ' (quote it to make it a string)' : '';
  report(ctx, path, `must be a string (got ${describeNode(s)})${hint}`, node);
  return undefined;
}

/** Reads a number scalar (or a whole `${ENV}` string holding one) within `rule`. */
export function readNumber(
  ctx: ReadContext,
  node: YamlValue,
  path: string,
  rule: NumberRule = {},
): number | undefined {
  const s = scalarOf(ctx, node, path);
  if (s.kind === 'invalid') return undefined;
  let value: number | undefined;
  if (s.kind === 'scalar' && typeof s.value === 'number') value = s.value;
  else if (
    s.kind === 'scalar' &&
    s.fromEnv &&
    typeof s.value === 'string' &&
    s.value.trim() !== ''
  ) {
    const n = Number(s.value);
    if (Number.isFinite(n)) value = n;
  }
  if (value === undefined || !Number.isFinite(value)) {
    report(ctx, path, `must be a number (got ${describeNode(s)})`, node);
    return undefined;
  }
  return checkRange(ctx, node, path, value, rule, String);
}

/** `value` when it satisfies `rule`; otherwise reports why and returns `undefined`. */
export function checkRange(
  ctx: ReadContext,
  node: YamlValue,
  path: string,
  value: number,
  rule: NumberRule,
  show: (v: number) => string,
): number | undefined {
  let problem: string | undefined;
  if (rule.integer && !Number.isInteger(value)) problem = 'must be a whole number';
  else if (rule.min !== undefined && value < rule.min) problem = `must be >= ${show(rule.min)}`;
  else if (rule.above !== undefined && value <= rule.above)
    problem = `must be > ${show(rule.above)}`;
  else if (rule.max !== undefined && value > rule.max) problem = `must be <= ${show(rule.max)}`;
  if (problem === undefined) return value;
  report(ctx, path, `${problem} (got ${show(value)})`, node);
  return undefined;
}
