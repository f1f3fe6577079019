/** What went wrong in the store. */
export type StoreErrorCode =
  /** The URL or options name no usable store. */
  | 'invalid-config'
  /** The database's schema is newer than this code's migrations. */
  | 'schema-too-new'
  /** A migration failed; the schema stays at the version before it. */
  | 'migration-failed'
  /** A statement failed (connection lost, constraint violated, disk full, ...). */
  | 'query-failed'
  /** Another process has the store open (one writer per store). */
  | 'locked'
  /** The store was closed. */
  | 'closed'
  /** A referenced record does not exist. */
  | 'not-found';

/** An error raised or returned by a store; the message names the store location. */
export class StoreError extends Error {
  /** What went wrong. */
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
