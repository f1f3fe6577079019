import type { TimeRangeQuery } from './types.js';
import {
  DEFAULT_HISTORY_LIMIT,
  query,
  queryOne,
  selectClause,
  type Condition,
  type Op,
  type SelectOptions,
  type SqlParam,
  type SqlRow,
} from './sql.js';

/**
 * How a record field is stored:
 * - `text`, `integer`, `real`: the SQL type of that name (`real` NaN is stored as `NULL`);
 * - `boolean`: SQLite `0`/`1`, PostgreSQL `BOOLEAN`;
 * - `json`: JSON text (PostgreSQL `JSONB`, read back as text by the driver).
 */
export type ColumnKind = 'text' | 'integer' | 'real' | 'boolean' | 'json';

/** Where and how one record field is stored. */
export interface ColumnSpec {
  /** Column name. */
  readonly column: string;
  /** Storage kind. */
  readonly kind: ColumnKind;
  /** Whether `NULL` means "field absent" (otherwise the column is `NOT NULL`). */
  readonly optional: boolean;
}

/** The mapping between a record type and a table; the field order is the column order. */
export interface TableSpec<T> {
  /** Table name. */
  readonly table: string;
  /** One column per record field. */
  readonly columns: { readonly [K in keyof T]-?: ColumnSpec };
}

/** Describes a column. */
export function column(name: string, kind: ColumnKind, optional = false): ColumnSpec {
  return { column: name, kind, optional };
}

/** The record fields of a table, in column order, minus `except`. */
export function fieldsOf<T>(spec: TableSpec<T>, except: readonly (keyof T)[] = []): (keyof T)[] {
  return (Object.keys(spec.columns) as (keyof T)[]).filter((field) => !except.includes(field));
}

/** The column names of `fields`, comma separated. */
export function columnList<T>(spec: TableSpec<T>, fields: readonly (keyof T)[]): string {
  return fields.map((field) => spec.columns[field].column).join(', ');
}

/** The column of one field. */
export function columnOf<T>(spec: TableSpec<T>, field: keyof T): string {
  return spec.columns[field].column;
}

/** The parameters that store `fields` of `record`, in order. */
export function encodeFields<T>(
  spec: TableSpec<T>,
  fields: readonly (keyof T)[],
  record: Partial<T>,
): SqlParam[] {
  return fields.map((field) => {
    const value = record[field] as unknown;
    if (value === undefined) return null;
    // JSON `null` is the text 'null', so a NULL column always means "absent".
    if (spec.columns[field].kind === 'json') return JSON.stringify(value);
    return value as SqlParam;
  });
}

/**
 * `INSERT INTO table (fields) VALUES (?, ...)` followed by `tail` (e.g. an `ON CONFLICT`
 * clause) and `RETURNING *`.
 */
export function insertSql<T>(spec: TableSpec<T>, fields: readonly (keyof T)[], tail = ''): string {
  const values = fields.map(() => '?').join(', ');
  return `INSERT INTO ${spec.table} (${columnList(spec, fields)}) VALUES (${values})${tail} RETURNING *`;
}

/** ` ON CONFLICT (key) DO UPDATE SET f = excluded.f, ...` for every field not in `keep`. */
export function upsertTail<T>(
  spec: TableSpec<T>,
  key: readonly (keyof T)[],
  keep: readonly (keyof T)[],
): string {
  const updates = fieldsOf(spec, [...key, ...keep]).map((field) => {
    const name = columnOf(spec, field);
    return `${name} = excluded.${name}`;
  });
  return ` ON CONFLICT (${columnList(spec, key)}) DO UPDATE SET ${updates.join(', ')}`;
}

function decodeValue(spec: ColumnSpec, value: unknown): unknown {
  switch (spec.kind) {
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't';
    case 'integer':
    case 'real':
      return Number(value);
    case 'text':
      return String(value);
  }
}

/** The record a row stores. A `NULL` optional field is left out; a `NULL` number is `NaN`. */
export function decodeRow<T>(spec: TableSpec<T>, row: SqlRow): T {
  const record: Record<string, unknown> = {};
  for (const field of fieldsOf(spec)) {
    const columnSpec = spec.columns[field];
    const value = row[columnSpec.column];
    if (value === null || value === undefined) {
      if (columnSpec.optional) continue;
      if (columnSpec.kind === 'real') {
        record[field as string] = Number.NaN;
        continue;
      }
      throw new Error(`store: ${spec.table}.${columnSpec.column} is NULL in a stored row`);
    }
    record[field as string] = decodeValue(columnSpec, value);
  }
  return record as T;
}

/** Decodes every row. */
export function decodeRows<T>(spec: TableSpec<T>, rows: readonly SqlRow[]): T[] {
  return rows.map((row) => decodeRow(spec, row));
}

/** Decodes the row an `INSERT ... RETURNING *` produced. */
export function decodeReturned<T>(spec: TableSpec<T>, row: SqlRow | undefined): T {
  if (row === undefined) throw new Error(`store: writing to ${spec.table} returned no row`);
  return decodeRow(spec, row);
}

/**
 * Inserts `record` (without the `except` fields, e.g. an auto-assigned id) followed by `tail`
 * (an `ON CONFLICT` clause), and returns the stored row.
 */
export function* insertRecord<T>(
  spec: TableSpec<T>,
  record: T,
  options: { except?: (keyof T)[]; tail?: string } = {},
): Op<T> {
  const fields = fieldsOf(spec, options.except);
  const row = yield* queryOne(
    insertSql(spec, fields, options.tail),
    encodeFields(spec, fields, record),
  );
  return decodeReturned(spec, row);
}

/** One row by primary key `id`. */
export function* getById<T>(spec: TableSpec<T>, id: string): Op<T | undefined> {
  const row = yield* queryOne(`SELECT * FROM ${spec.table} WHERE id = ?`, [id]);
  return row === undefined ? undefined : decodeRow(spec, row);
}

/**
 * A page of history: the rows matching `filters` whose `timeColumn` lies in
 * `[q.since, q.until)`, newest first (by `orderBy`, default `timeColumn` then id, both
 * descending), at most `q.limit` of them (default {@link DEFAULT_HISTORY_LIMIT}).
 */
export function* selectHistory<T>(
  spec: TableSpec<T>,
  filters: readonly Condition[],
  timeColumn: string,
  q: TimeRangeQuery,
  orderBy = `${timeColumn} DESC, id DESC`,
): Op<T[]> {
  const conditions: Condition[] = [
    ...filters,
    [timeColumn, '>=', q.since],
    [timeColumn, '<', q.until],
  ];
  return yield* selectRows(spec, conditions, {
    orderBy,
    limit: q.limit,
    defaultLimit: DEFAULT_HISTORY_LIMIT,
  });
}

/** The rows of a table matching `conditions`, ordered and limited. */
export function* selectRows<T>(
  spec: TableSpec<T>,
  conditions: readonly Condition[],
  options: SelectOptions,
): Op<T[]> {
  const clause = selectClause(conditions, options);
  return decodeRows(spec, yield* query(`SELECT * FROM ${spec.table}${clause.sql}`, clause.params));
}
