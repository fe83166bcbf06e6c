import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPostgresEventStore, createSqliteEventStore, readModelDatabaseOf } from '@banjian/adapters';
import type { EventStore, SqlDatabase } from '@banjian/core';
import { parseInstant } from '@banjian/core';
import { caseFactsProjection, caseIndexRowFrom, caseSummaryAt, rebuild, type CaseFactsState, type CaseIndexRow } from '@banjian/projections';

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

const ms = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : parseInstant(iso));

/** A case's row as the case summary 办件概要 says it, read back from its ISO texts: the reference the case index's rows must equal. */
const summaryRow = (state: CaseFactsState, caseId: string, atMs: number, applicantRef: string | undefined): CaseIndexRow => {
  const facts = state.cases.get(caseId)!;
  const summary = caseSummaryAt(state, caseId, atMs)!;
  const clock = summary.clock;
  return {
    caseId, caseNo: summary.caseNo, hallId: summary.hallId, departmentId: summary.holder?.departmentId, windowId: summary.holder?.windowId,
    staffId: summary.holder?.staffId, itemCode: summary.itemCode, kind: summary.kind, channel: facts.channel, state: summary.state,
    open: summary.state === 'inProgress' || summary.state === 'suspended', submittedAt: facts.submittedAt, acceptedAt: ms(summary.acceptedAt),
    completedAt: ms(summary.completedAt), promisedDueAt: ms(clock?.promisedDueAt), statutoryDueAt: ms(clock?.statutoryDueAt),
    suspended: summary.state === 'suspended', alertLevel: clock ? clock.level : undefined, provisional: clock?.provisional ?? false, applicantRef,
    position: facts.position,
  };
};

/** Every case's row as the full rebuild's case summary gives it, at the business time of the case's last event. */
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
  for (const caseId of state.cases.keys()) rows.set(caseId, summaryRow(state, caseId, lastAt.get(caseId) as number, applicants.get(caseId)));
  return rows;
};

/** The rows of a case index version as stored, by case id. */
export const storedCaseIndexRows = async (db: SqlDatabase, version = 1): Promise<Map<string, CaseIndexRow>> => {
  const rows = await db.query(`SELECT * FROM ${db.table(`case_index_v${version}`)}`);
  return new Map(rows.map(caseIndexRowFrom).map((r) => [r.caseId, r]));
};
