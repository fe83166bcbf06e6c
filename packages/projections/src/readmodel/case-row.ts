import type { CaseFactsState } from '../cases/facts';
import { stateAt } from '../summary/summary';
import { caseClockView } from '../cases/timing';

/** One row of the case index 办件库 (times in epoch milliseconds; `undefined` is NULL). */
export interface CaseIndexRow {
  caseId: string;
  caseNo: string;
  hallId: string;
  departmentId: string | undefined;
  windowId: string | undefined;
  staffId: string | undefined;
  itemCode: string;
  kind: string | undefined;
  channel: string;
  /** The summary's state: submitted, awaitingCorrection, inProgress, suspended, completed, rejected, withdrawn. */
  state: string;
  /** Accepted and not closed (in progress or suspended): on a work queue. */
  open: boolean;
  submittedAt: number;
  acceptedAt: number | undefined;
  completedAt: number | undefined;
  promisedDueAt: number | undefined;
  statutoryDueAt: number | undefined;
  suspended: boolean;
  /** The promised-limit alert level as of the case's last event ('normal' when no rung is reached). */
  alertLevel: string | undefined;
  provisional: boolean;
  applicantRef: string | undefined;
  /** Global position of the last event the row reflects. */
  position: number;
}

/**
 * A case's row as of `atMs` (its last event's business time), as the projections' case summary
 * (`caseSummaryAt`) has it, taken from the same pieces without the summary's ISO texts: the state
 * is the summary's `stateAt`, due times, provisional flag and alert level are the one clock view
 * (`caseClockView`) the summary reads, in epoch milliseconds (the test fixture holds every row to
 * the summary's own).
 */
export const caseIndexRow = (state: CaseFactsState, caseId: string, atMs: number, applicantRef: string | undefined): CaseIndexRow | undefined => {
  const facts = state.cases.get(caseId);
  if (!facts) return undefined;
  const summaryState = stateAt(facts, atMs);
  const accepted = facts.acceptedAt >= 0 && facts.acceptedAt <= atMs && facts.limits !== undefined;
  const open = summaryState === 'inProgress' || summaryState === 'suspended';
  const view = accepted && (open || summaryState === 'completed') ? caseClockView(state.context, facts, open ? atMs : facts.completedAt) : undefined;
  const holder = accepted ? facts.holder : undefined;
  return {
    caseId,
    caseNo: facts.caseNo,
    hallId: facts.hallId,
    departmentId: holder?.departmentId,
    windowId: holder?.windowId,
    staffId: holder?.staffId,
    itemCode: facts.itemCode,
    kind: facts.kind,
    channel: facts.channel,
    state: summaryState,
    open,
    submittedAt: facts.submittedAt,
    acceptedAt: accepted ? Math.floor(facts.acceptedAt) : undefined,
    completedAt: summaryState === 'completed' ? Math.floor(facts.completedAt) : undefined,
    promisedDueAt: view ? Math.floor(view.promised.dueAtMs) : undefined,
    statutoryDueAt: view ? Math.floor(view.statutory.dueAtMs) : undefined,
    suspended: summaryState === 'suspended',
    alertLevel: view ? (open ? view.promised.level : 'normal') : undefined,
    provisional: view?.provisional ?? false,
    applicantRef,
    position: facts.position,
  };
};

/** The row as the columns of `CASE_INDEX_COLUMNS` take it. */
export const caseIndexValues = (r: CaseIndexRow): unknown[] => [
  r.caseId, r.caseNo, r.hallId, r.departmentId ?? null, r.windowId ?? null, r.staffId ?? null, r.itemCode, r.kind ?? null, r.channel, r.state, r.open ? 1 : 0,
  r.submittedAt, r.acceptedAt ?? null, r.completedAt ?? null, r.promisedDueAt ?? null, r.statutoryDueAt ?? null, r.suspended ? 1 : 0, r.alertLevel ?? null,
  r.provisional ? 1 : 0, r.applicantRef ?? null, r.position,
];

/** A row read back from the database. */
export const caseIndexRowFrom = (row: Record<string, unknown>): CaseIndexRow => {
  const text = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
  const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
  return {
    caseId: String(row.case_id), caseNo: String(row.case_no), hallId: String(row.hall_id), departmentId: text(row.department_id), windowId: text(row.window_id),
    staffId: text(row.staff_id), itemCode: String(row.item_code), kind: text(row.kind), channel: String(row.channel), state: String(row.state),
    open: Number(row.open) === 1, submittedAt: Number(row.submitted_at), acceptedAt: num(row.accepted_at), completedAt: num(row.completed_at),
    promisedDueAt: num(row.promised_due_at), statutoryDueAt: num(row.statutory_due_at), suspended: Number(row.suspended) === 1,
    alertLevel: text(row.alert_level), provisional: Number(row.provisional) === 1, applicantRef: text(row.applicant_ref), position: Number(row.position),
  };
};
