import type Database from 'better-sqlite3';
import { openSqliteDatabase } from './driver';
import type { EventRangeReader, StoredEvent } from '@banjian/core';
import { EVENT_COLUMNS, eventFromRow, type EventRow } from './rows';

/** What a thread needs to open a SQLite store's events itself. */
export interface SqliteEventRangeArgs {
  path: string;
  pageSize?: number;
}

const PAGE = 1024;

/**
 * A read-only connection of its own to a store file, reading events by global position range:
 * what a rebuild's worker thread opens (the store names this module in its `eventRanges`).
 */
export const openEventRangeReader = (args: unknown): EventRangeReader => {
  const { path, pageSize = PAGE } = args as SqliteEventRangeArgs;
  const db = openSqliteDatabase(path, { readonly: true, fileMustExist: true });
  const last = db.prepare('SELECT max(global_position) FROM events').pluck();
  const page = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? AND global_position <= ? ORDER BY global_position LIMIT ?`).raw();
  function* pages(after: number, until: number): Generator<StoredEvent[]> {
    let position = after;
    for (;;) {
      const rows = page.all(position, until, pageSize) as EventRow[];
      if (rows.length > 0) yield rows.map(eventFromRow);
      if (rows.length < pageSize) return;
      position = (rows[rows.length - 1] as EventRow)[0];
    }
  }
  return {
    lastGlobalPosition: () => (last.get() as number | null) ?? 0,
    pages,
    close: () => db.close(),
  };
};
