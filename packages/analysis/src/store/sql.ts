/**
 * Store operations are written once, as generators that yield SQL statements and receive their
 * results. A driver runs them: synchronously inside one SQLite transaction (so nothing else can
 * interleave on the single-threaded connection), or asynchronously on one PostgreSQL client.
 * The SQL is the common subset both databases accept, with `?` placeholders.
 */

/** A bound parameter; drivers map `boolean` and `undefined` to what their database takes. */
export type SqlParam = string | number | boolean | null | undefined;

/** A result row, keyed by column name. */
export type SqlRow = Record<string, unknown>;

/** One statement for the driver to run. */
export interface SqlStep {
  /** Statement text with `?` placeholders. */
  sql: string;
  /** Parameters in placeholder order. */
  params: readonly SqlParam[];
}

/** What the driver sends back into the operation. */
export interface SqlReply {
  /** Rows of a query or of `RETURNING`; empty for other statements. */
  rows: SqlRow[];
  /** Rows changed by an `INSERT`/`UPDATE`/`DELETE` without `RETURNING`. */
  changes: number;
}

/** A store operation yielding statements and returning `T`. */
export type Op<T> = Generator<SqlStep, T, SqlReply>;

/** Context the operations need besides SQL: the clock and id generator. */
export interface OpContext {
  /** The store's clock, in epoch milliseconds. */
  now(): number;
  /** A new unique id. */
  newId(): string;
}

/** Runs a query and returns its rows. */
export function* query(sql: string, params: readonly SqlParam[] = []): Op<SqlRow[]> {
  const reply = yield { sql, params };
  return reply.rows;
}

/** Runs a query and returns its first row. */
export function* queryOne(sql: string, params: readonly SqlParam[] = []): Op<SqlRow | undefined> {
  const rows = yield* query(sql, params);
  return rows[0];
}

/** Runs a statement and returns the number of rows it changed. */
export function* execute(sql: string, params: readonly SqlParam[] = []): Op<number> {
  const reply = yield { sql, params };
  return reply.changes;
}

/** Runs an operation whose statements execute synchronously. */
export function driveSync<T>(op: Op<T>, run: (step: SqlStep) => SqlReply): T {
  let next = op.next();
  while (next.done !== true) {
    let reply: SqlReply;
    try {
      reply = run(next.value);
    } catch (error) {
      // Let the operation add context; it rethrows, so this ends the loop.
      next = op.throw(error);
      continue;
    }
    next = op.next(reply);
  }
  return next.value;
}

/** Runs an operation whose statements execute asynchronously. */
export async function driveAsync<T>(
  op: Op<T>,
  run: (step: SqlStep) => Promise<SqlReply>,
): Promise<T> {
  let next = op.next();
  while (next.done !== true) {
    let reply: SqlReply;
    try {
      reply = await run(next.value);
    } catch (error) {
      next = op.throw(error);
      continue;
    }
    next = op.next(reply);
  }
  return next.value;
}

/** A filter condition: column, comparison, value; conditions with an `undefined` value are skipped. */
export type Condition = readonly [
  column: string,
  comparison: '=' | '>' | '>=' | '<' | '<=' | 'in',
  value: SqlParam | readonly SqlParam[],
];

/** Builds a `WHERE` clause (or an empty string) and its parameters from conditions. */
export function whereClause(conditions: readonly Condition[]): { sql: string; params: SqlParam[] } {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  for (const [column, comparison, value] of conditions) {
    if (value === undefined) continue;
    if (comparison === 'in') {
      const values = Array.isArray(value) ? (value as readonly SqlParam[]) : [value as SqlParam];
      // An empty list matches nothing (and `IN ()` is not valid SQL).
      parts.push(
        values.length === 0 ? '1 = 0' : `${column} IN (${values.map(() => '?').join(', ')})`,
      );
      params.push(...values);
    } else {
      parts.push(`${column} ${comparison} ?`);
      params.push(value as SqlParam);
    }
  }
  return { sql: parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`, params };
}

/** Default row limit of history queries. */
export const DEFAULT_HISTORY_LIMIT = 1000;

/** Ordering and size of a listing. */
export interface SelectOptions {
  /** `ORDER BY` expression list. */
  orderBy: string;
  /** The caller's limit. */
  limit?: number | undefined;
  /** Limit when the caller gives none; none means unlimited. */
  defaultLimit?: number;
}

/**
 * ` WHERE ... ORDER BY ... LIMIT ?` and its parameters. The limit is a parameter so that
 * statement text (and the drivers' statement caches) does not vary with it.
 */
export function selectClause(
  conditions: readonly Condition[],
  options: SelectOptions,
): { sql: string; params: SqlParam[] } {
  const where = whereClause(conditions);
  let sql = `${where.sql} ORDER BY ${options.orderBy}`;
  const limit = options.limit ?? options.defaultLimit;
  if (limit !== undefined) {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`store query: limit must be a non-negative integer, got ${limit}`);
    }
    sql += ' LIMIT ?';
    where.params.push(limit);
  }
  return { sql, params: where.params };
}
