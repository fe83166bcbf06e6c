import type { StreamHead } from '@banjian/core';

/**
 * What this connection's own appends left in the log: the heads of the streams it wrote and the
 * last global position, so that the next append does not read them back. SQLite's
 * `PRAGMA data_version` changes whenever another connection (another process, or another store on
 * the same file) commits, and only then; read inside the write transaction, while this connection
 * holds the write lock, an unchanged value means the log is exactly as this connection left it.
 * A transaction of ours that rolls back (or may have) must `forget`: its appends never happened.
 */
export interface WriteCache {
  /** Start of an append inside the write transaction: drops everything if another connection committed since. */
  validate(dataVersion: number): void;
  head(streamId: string): StreamHead | undefined;
  /** The last global position, when known. */
  lastGlobal(): number | undefined;
  /** An append stored `head` for the stream and the log now ends at `lastGlobal` (committed or not yet). */
  wrote(streamId: string, head: StreamHead, lastGlobal: number): void;
  forget(): void;
}

export const createWriteCache = (capacity = 4096): WriteCache => {
  const heads = new Map<string, StreamHead>();
  let last: number | undefined;
  let version: number | undefined;
  const forget = () => {
    heads.clear();
    last = undefined;
  };
  return {
    validate(dataVersion) {
      if (dataVersion !== version) forget();
      version = dataVersion;
    },
    head: (streamId) => heads.get(streamId),
    lastGlobal: () => last,
    wrote(streamId, head, lastGlobal) {
      heads.delete(streamId);
      heads.set(streamId, head);
      if (heads.size > capacity) heads.delete(heads.keys().next().value as string);
      last = lastGlobal;
    },
    forget,
  };
};
