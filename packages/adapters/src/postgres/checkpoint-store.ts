import { requireCheckpoint, type Checkpoint, type CheckpointStore } from '@banjian/core';
import type pg from 'pg';

/** Signed checkpoints beside the events, in the same schema; append-only like them. */
export const createPostgresCheckpointStore = (pool: pg.Pool, schema: string): CheckpointStore => ({
  async save(checkpoint) {
    const valid = requireCheckpoint(checkpoint);
    await pool.query(`INSERT INTO ${schema}.checkpoints (size, body) VALUES ($1, $2)`, [valid.size, JSON.stringify(valid)]);
  },
  async list() {
    const { rows } = await pool.query<{ body: string }>(`SELECT body FROM ${schema}.checkpoints ORDER BY size, seq`);
    return rows.map((row) => JSON.parse(row.body) as Checkpoint);
  },
});
