import type Database from 'better-sqlite3';
import { canonicalJson, requireCheckpoint, type Checkpoint, type CheckpointStore } from '@banjian/core';

/**
 * Signed Merkle checkpoints in the store's own file, append-only like the events (guard triggers).
 * Each is kept as its canonical JSON and checked again when read back.
 */
export const createSqliteCheckpointStore = (db: Database.Database): CheckpointStore => {
  const insert = db.prepare('INSERT INTO merkle_checkpoints (size, body) VALUES (?, ?)');
  const all = db.prepare('SELECT body FROM merkle_checkpoints ORDER BY size, seq').pluck();
  return {
    async save(checkpoint) {
      const valid = requireCheckpoint(checkpoint);
      insert.run(valid.size, canonicalJson(valid));
    },
    async list(): Promise<Checkpoint[]> {
      return (all.all() as string[]).map((body) => requireCheckpoint(JSON.parse(body)));
    },
  };
};
