/**
 * Why an NDJSON log was refused (spec §7): the 1-based line, the field (dotted path) and the
 * reason. Line 0 means the log as a whole (a store that refused the import, an unreadable file).
 */
export interface InterchangeError {
  kind: 'interchange';
  line: number;
  field: string;
  reason: string;
  message: string;
}

export const interchangeError = (line: number, field: string, reason: string): InterchangeError => ({
  kind: 'interchange',
  line,
  field,
  reason,
  message: line > 0 ? `line ${line}: ${field}: ${reason}` : `${field}: ${reason}`,
});

/** An exported log that cannot be opened as a store: the first bad line, field and reason. */
export class EventLogFileError extends Error {
  override readonly name = 'EventLogFileError';
  readonly kind = 'eventLogFile' as const;
  readonly line: number;
  readonly field: string;
  readonly reason: string;
  constructor(
    readonly path: string,
    error: InterchangeError,
  ) {
    super(`${path}: ${error.message}`);
    this.line = error.line;
    this.field = error.field;
    this.reason = error.reason;
  }
}

/** A `file:` store is an exported log opened for reading: it never takes an append. */
export class ReadOnlyStoreError extends Error {
  override readonly name = 'ReadOnlyStoreError';
  readonly kind = 'readOnlyStore' as const;
  constructor(
    readonly path: string,
    readonly streamId: string,
  ) {
    super(`${path} is an exported event log opened read-only: cannot append to ${streamId}`);
  }
}
