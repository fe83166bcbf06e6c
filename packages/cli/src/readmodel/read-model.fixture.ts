import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPostgresEventStore, createSqliteEventStore, readModelDatabaseOf } from '@banjian/adapters';
import type { EventStore, SqlDatabase } from '@banjian/core';
import { caseFactsProjection, caseIndexRow, caseIndexRowFrom, rebuild, type CaseFactsState, type CaseIndexRow } from '@banjian/projections';

export const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ReadModelHome {
  /** The store whose database holds the read models (its log may stay empty: tests read another log). */
  readonly store: EventStore;
  readonly db: SqlDatabase;
  /** Another connection to the same database (a restarted process). */
  reopen(): SqlDatabase;
  cleanup(): Promise<void>;
}

/** A fresh store of each kind whose database the read models live in, with how to remove it. */
export const readModelHomes: Record<'sqlite' | 'postgres', () => Promise<ReadModelHome>> = {
  async sqlite() {
    const dir = mkdtempSync(join(tmpdir(), 'banjian-readmodel-'));
    const store = createSqliteEventStore({ path: join(dir, 'store.db') });
    const opened: SqlDatabase[] = [];
    const reopen = () => {
      const db = readModelDatabaseOf(store) as SqlDatabase;
      opened.push(db);
      return db;
    };
    return {
      store,
      db: reopen(),
      reopen,
      cleanup: async () => {
        for (const db of opened) await db.close().catch(() => undefined);
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  async postgres() {
    const schema = `bj_readmodel_${process.pid}_${randomBytes(4).toString('hex')}`;
    const store = await createPostgresEventStore({ connectionString: PG_URL, schema });
    return {
      store,
      db: readModelDatabaseOf(store) as SqlDatabase,
      reopen: () => readModelDatabaseOf(store) as SqlDatabase,
      cleanup: async () => {
        await store.pool.query(`DROP SCHEMA ${schema} CASCADE`);
        await store.close();
      },
    };
  },
};

/** Every case's row as the full rebuild gives it, at the business time of the case's last event. */
export const expectedCaseIndexRows = async (log: EventStore): Promise<Map<string, CaseIndexRow>> => {
  const { states } = await rebuild(log, [caseFactsProjection]);
  const state = states.caseFacts as CaseFactsState;
  const lastAt = new Map<string, number>();
  const applicants = new Map<string, string>();
  for await (const event of log.readAll()) {
    const caseId = (event.data as { caseId?: string }).caseId;
    if (caseId === undefined) continue;
    lastAt.set(caseId, Math.max(lastAt.get(caseId) ?? 0, Date.parse(event.occurredAt)));
    if (event.type === 'ApplicationSubmitted') applicants.set(caseId, (event.data as { applicant: { ref: string } }).applicant.ref);
  }
  const rows = new Map<string, CaseIndexRow>();
  for (const caseId of state.cases.keys()) rows.set(caseId, caseIndexRow(state, caseId, lastAt.get(caseId) as number, applicants.get(caseId)) as CaseIndexRow);
  return rows;
};

/** The rows of a case index version as stored, by case id. */
export const storedCaseIndexRows = async (db: SqlDatabase, version = 1): Promise<Map<string, CaseIndexRow>> => {
  const rows = await db.query(`SELECT * FROM ${db.table(`case_index_v${version}`)}`);
  return new Map(rows.map(caseIndexRowFrom).map((r) => [r.caseId, r]));
};
