import type Database from 'better-sqlite3';
import { openSqliteDatabase } from './driver';
import type { RawEventRecord, RawRangeReader } from '@banjian/core';
import { RAW_COLUMNS, rawFromRow, type RawRow } from './rows';

/** The stored bytes after < global_position ≤ until, a page at a time; SQLite reads synchronously. */
export const RAW_PAGE_SQL = `SELECT ${RAW_COLUMNS} FROM events WHERE global_position > ? AND global_position <= ? ORDER BY global_position LIMIT ?`;
const PAGE = 1024;
const MMAP_SIZE = 2 ** 31;

export function* rawRecordsBetween(page: Database.Statement, after: number, until: number): Generator<RawEventRecord> {
  let position = after;
  for (;;) {
    const rows = page.all(position, until, PAGE) as RawRow[];
    for (let i = 0; i < rows.length; i++) yield rawFromRow(rows[i] as RawRow);
    if (rows.length < PAGE) return;
    position = (rows[rows.length - 1] as RawRow)[0];
  }
}

/** What a thread needs to open a SQLite store's stored bytes itself. */
export interface SqliteRawRangeArgs {
  path: string;
}

/**
 * A read-only connection of its own to a store file, reading the stored bytes by global position
 * range: what each thread of a ranged verify opens (the store names this module in `rawRanges`).
 * A worker imports this module: it imports nothing of ours but types, so the worker starts light.
 */
export const openRawRangeReader = (args: unknown): RawRangeReader => {
  const { path } = args as SqliteRawRangeArgs;
  const db = openSqliteDatabase(path, { readonly: true, fileMustExist: true });
  // Pages straight from the mapped file: no read() call and copy per page of a log read end to end.
  db.pragma(`mmap_size = ${MMAP_SIZE}`);
  const last = db.prepare('SELECT max(global_position) FROM events').pluck();
  const page = db.prepare(RAW_PAGE_SQL).raw();
  return {
    lastGlobalPosition: () => (last.get() as number | null) ?? 0,
    read: (after, until) => rawRecordsBetween(page, after, until),
    close: () => db.close(),
  };
};
