import type { SqlDatabase } from '@banjian/core';
import { caseIndexRowFrom, type CaseIndexRow } from './case-row';
import { CASE_INDEX_NAME } from './case-index';
import { caseIndexTable, checkpointTable } from './schema';

/** A page of rows and where the next page starts (undefined after the last page). */
export interface Page<T> {
  readonly rows: T[];
  readonly next: string | undefined;
  /** The global position the rows reflect. */
  readonly checkpoint: number;
  readonly version: number;
}

export interface PageRequest {
  readonly limit?: number;
  /** The `next` of the previous page. */
  readonly after?: string;
}

/** Whose work queue 待办: a window, a department or a member of staff of a hall. */
export type QueueOwner = { hallId: string } & ({ windowId: string } | { departmentId: string } | { staffId: string });

const MAX_LIMIT = 500;

/** Keyset cursors: the sort key and the case id of the last row, opaque to callers. */
const encode = (key: number, caseId: string) => Buffer.from(JSON.stringify([key, caseId])).toString('base64url');
const decode = (cursor: string | undefined): [number, string] | undefined => {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through
  }
  throw new RangeError('not a page cursor of this query');
};

/**
 * Queries a hall UI needs, on the case index version readers use (the highest active one): paged,
 * each page naming the checkpoint its rows reflect.
 */
export const createCaseQueries = (db: SqlDatabase) => {
  const active = async (): Promise<{ version: number; checkpoint: number }> => {
    const [row] = await db.query<{ version: number; position: number }>(
      `SELECT version, position FROM ${checkpointTable(db)} WHERE name = $1 AND active = 1 ORDER BY version DESC LIMIT 1`,
      [CASE_INDEX_NAME],
    );
    if (!row) throw new ReadModelNotReadyError(CASE_INDEX_NAME);
    return { version: Number(row.version), checkpoint: Number(row.position) };
  };

  /** Rows matching `where`, ordered by `key` then case id, one page after the cursor. */
  const paged = async (where: string, params: unknown[], key: 'promised_due_at' | 'submitted_at', page: PageRequest): Promise<Page<CaseIndexRow>> => {
    const { version, checkpoint } = await active();
    const limit = Math.max(1, Math.min(page.limit ?? 50, MAX_LIMIT));
    const after = decode(page.after);
    const all = [...params];
    let keyset = '';
    if (after) {
      all.push(after[0], after[1]);
      keyset = ` AND (${key} > $${all.length - 1} OR (${key} = $${all.length - 1} AND case_id > $${all.length}))`;
    }
    all.push(limit + 1);
    const rows = await db.query(`SELECT * FROM ${caseIndexTable(db, version)} WHERE ${where}${keyset} ORDER BY ${key}, case_id LIMIT $${all.length}`, all);
    const mapped = rows.slice(0, limit).map(caseIndexRowFrom);
    const last = mapped[mapped.length - 1];
    const next = rows.length > limit && last ? encode(key === 'promised_due_at' ? (last.promisedDueAt as number) : last.submittedAt, last.caseId) : undefined;
    return { rows: mapped, next, checkpoint, version };
  };

  return {
    /** 待办: the open cases of a window, department or member of staff, the most urgent first. */
    workQueue(owner: QueueOwner, page: PageRequest = {}): Promise<Page<CaseIndexRow>> {
      const [column, value] = 'windowId' in owner ? ['window_id', owner.windowId] : 'departmentId' in owner ? ['department_id', owner.departmentId] : ['staff_id', owner.staffId];
      return paged(`open = 1 AND hall_id = $1 AND ${column} = $2`, [owner.hallId, value], 'promised_due_at', page);
    },
    /** Open, running cases past their promised due time at `atMs`, longest overdue first. */
    overdue(atMs: number, page: PageRequest & { hallId?: string } = {}): Promise<Page<CaseIndexRow>> {
      return paged(`open = 1 AND suspended = 0 AND promised_due_at < $1${page.hallId ? ' AND hall_id = $2' : ''}`, page.hallId ? [atMs, page.hallId] : [atMs], 'promised_due_at', page);
    },
    /** Open, running cases due within `withinMs` after `atMs`. */
    approaching(atMs: number, withinMs: number, page: PageRequest & { hallId?: string } = {}): Promise<Page<CaseIndexRow>> {
      const params: unknown[] = [atMs, atMs + withinMs];
      if (page.hallId) params.push(page.hallId);
      return paged(`open = 1 AND suspended = 0 AND promised_due_at >= $1 AND promised_due_at < $2${page.hallId ? ' AND hall_id = $3' : ''}`, params, 'promised_due_at', page);
    },
    /** The cases of an applicant ref, oldest first. */
    ofApplicant(applicantRef: string, page: PageRequest = {}): Promise<Page<CaseIndexRow>> {
      return paged('applicant_ref = $1', [applicantRef], 'submitted_at', page);
    },
    /** A case by its number 办件编号. */
    async byCaseNo(caseNo: string): Promise<{ row: CaseIndexRow | undefined; checkpoint: number }> {
      const { version, checkpoint } = await active();
      const [row] = await db.query(`SELECT * FROM ${caseIndexTable(db, version)} WHERE case_no = $1 LIMIT 1`, [caseNo]);
      return { row: row ? caseIndexRowFrom(row) : undefined, checkpoint };
    },
    active,
  };
};

/** No version of the read model has caught up yet. */
export class ReadModelNotReadyError extends Error {
  override readonly name = 'ReadModelNotReadyError';
  readonly kind = 'readModelNotReady' as const;
  constructor(readonly model: string) {
    super(`read model ${model} has no caught-up version yet: run \`banjian project\``);
  }
}
