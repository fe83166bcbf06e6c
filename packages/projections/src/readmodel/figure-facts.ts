import { sqlArray, type SqlDatabase, type SqlQuery, type StoredEvent } from '@banjian/core';
import { caseFactsProjection } from '../cases/projection';
import { isCaseStream } from '../cases/fold';
import type { CaseFacts, CaseFactsState } from '../cases/facts';
import { caseFactRows, closeAtOf, complaintRows, consultationRow, dimensionKeys, type FigureFactRow } from './figure-rows';
import type { KeyOf } from '../figures/dimensions';
import { createFigureFactsSchema, createFigureReaderIndexes, deleteFigureFacts, figureContextTable, figureFactsTable, insertFigureFacts } from './figure-schema';
import type { PartitionedReadModel, PartitionFold } from './read-model';

export const FIGURE_FACTS_NAME = 'figureFacts';
/** The figure facts' schema version: a new one builds beside the old (`figure_facts_v<n>`) and takes over once caught up. */
export const FIGURE_FACTS_VERSION = 1;

/** What one batch writes: the owners whose rows are replaced, their new rows, the context events folded. */
export interface FigureFactsBatch {
  readonly replaced: string[];
  readonly rows: FigureFactRow[];
  readonly context: { position: number; event: string }[];
}

const CONTEXT_TYPES = new Set([
  'HallRegistered', 'DepartmentRegistered', 'WindowOpened', 'StaffRegistered', 'ServiceItemDefined', 'ServiceItemRevised',
  'ServiceItemSuspended', 'ServiceItemRepealed', 'ServiceItemReinstated', 'CalendarPublished',
]);

/** The events the case facts fold (the others change nothing the figure facts hold). */
const FOLDED = new Set<string>(caseFactsProjection.eventTypes);

/** Context events that change what a fact is judged or keyed by (not only a label). */
const RETOUCHING = new Set(['HallRegistered', 'WindowOpened', 'ServiceItemDefined', 'ServiceItemRevised', 'CalendarPublished']);

/** A context event as the figure facts keep it beside their rows (the hall context their queries fold). */
export const figureContextRow = (event: StoredEvent): { position: number; event: string } => ({
  position: event.globalPosition,
  event: JSON.stringify({ type: event.type, streamId: event.streamId, globalPosition: event.globalPosition, occurredAt: event.occurredAt, data: event.data }),
});

/** Whether the figure facts keep an event as hall context (`figureContextRow`). */
export const isFigureContextEvent = (event: StoredEvent): boolean =>
  CONTEXT_TYPES.has(event.type) && FOLDED.has(event.type) && !isCaseStream(event.streamId);

/**
 * The in-memory fold of the figure facts: the case facts (the projections' own fold) plus, per
 * batch, which cases, consultations and complaints changed. A case's rows are worked out again
 * whole from its facts whenever it changes; a context event that can change how facts are judged
 * or keyed (a hall, window or item re-registered, a calendar published) touches what it may change.
 */
export const createFigureFactsFold = () => {
  const types = new Set<string>(caseFactsProjection.eventTypes);
  let state: CaseFactsState = caseFactsProjection.init();
  const lastAt = new Map<string, number>();
  const complaintsOfCase = new Map<string, string[]>();
  /** Owners whose rows the database holds (a replay up to the checkpoint wrote them all). */
  const writtenCases = new Set<string>();
  let writtenConsultations = 0;
  const writtenComplaints = new Set<string>();
  const cases = new Set<string>();
  /**
   * Per case touched by its own events this batch: when it had closed before them (null: open) and
   * the earliest business time among them. A case closed before all of them keeps its open-status
   * rows: a status at an instant counts only what was known by then (core's caseClockAt).
   */
  const touchedAt = new Map<string, { closedBefore: number | null; earliest: number }>();
  /** Cases a context event may have changed: judged again whole. */
  const retouched = new Set<string>();
  const consultations = new Set<number>();
  const complaints = new Set<string>();
  let context: { position: number; event: string }[] = [];

  const retouch = (event: StoredEvent) => {
    const d = event.data as { hallId?: string; itemCode?: string; windowId?: string };
    if (event.type === 'CalendarPublished' || event.type === 'HallRegistered') {
      for (const c of state.cases.values()) if (event.type === 'CalendarPublished' || c.hallId === d.hallId) retouched.add(c.caseId);
      for (const x of state.complaints.values()) complaints.add(x.complaintId);
      state.consultations.forEach((x, i) => (x.hallId === d.hallId ? consultations.add(i) : undefined));
      return;
    }
    if (event.type === 'WindowOpened') {
      state.consultations.forEach((x, i) => (x.hallId === d.hallId && x.windowId === d.windowId ? consultations.add(i) : undefined));
      return;
    }
    // An item's department and kind key the cases not yet accepted (spec §5 dimensions).
    for (const c of state.cases.values()) if (c.hallId === d.hallId && c.itemCode === d.itemCode) retouched.add(c.caseId);
  };

  /** A case's rows as of its last event (`withOpen` false: without its open-status rows). */
  const rowsOfCase = (c: CaseFacts, dims: readonly KeyOf[], withOpen = true): FigureFactRow[] =>
    caseFactRows(state, c, lastAt.get(c.caseId) ?? c.submittedAt, dims, withOpen);

  const fold: PartitionFold = {
    apply(event, record) {
      if (!types.has(event.type)) return;
      const data = event.data as { caseId?: string; complaintId?: string };
      const ofCase = isCaseStream(event.streamId) ? data.caseId : undefined;
      if (record && ofCase !== undefined) {
        const at = Date.parse(event.occurredAt);
        const seen = touchedAt.get(ofCase);
        if (seen) seen.earliest = Math.min(seen.earliest, at);
        else {
          const before = state.cases.get(ofCase);
          touchedAt.set(ofCase, { closedBefore: before ? closeAtOf(before) : null, earliest: at });
        }
      }
      state = caseFactsProjection.apply(state, event);
      if (isCaseStream(event.streamId) || event.type === 'ApplicationSubmitted') {
        const caseId = data.caseId;
        if (caseId !== undefined && state.cases.has(caseId)) {
          const at = Date.parse(event.occurredAt);
          lastAt.set(caseId, Math.max(lastAt.get(caseId) ?? at, at));
          if (record) cases.add(caseId);
        }
      } else if (event.type === 'ConsultationRecorded') {
        if (record) consultations.add(state.consultations.length - 1);
      } else if (event.type === 'ComplaintFiled' || event.type === 'ComplaintAnswered') {
        const complaint = state.complaints.get(data.complaintId as string);
        if (complaint?.caseId !== undefined && event.type === 'ComplaintFiled') {
          complaintsOfCase.set(complaint.caseId, [...(complaintsOfCase.get(complaint.caseId) ?? []), complaint.complaintId]);
        }
        if (record && complaint) complaints.add(complaint.complaintId);
      } else if (record && isFigureContextEvent(event)) {
        context.push(figureContextRow(event));
        if (RETOUCHING.has(event.type)) retouch(event);
      }
    },
    replayed() {
      for (const caseId of state.cases.keys()) writtenCases.add(caseId);
      writtenConsultations = state.consultations.length;
      for (const id of state.complaints.keys()) writtenComplaints.add(id);
    },
  };

  /** The rows of everything changed since the last take. */
  const take = (): FigureFactsBatch => {
    const dims = dimensionKeys(state.context);
    const replaced: string[] = [];
    const rows: FigureFactRow[] = [];
    for (const caseId of retouched) cases.add(caseId);
    for (const caseId of cases) {
      const c = state.cases.get(caseId);
      if (!c) continue;
      for (const id of complaintsOfCase.get(caseId) ?? []) complaints.add(id);
      const written = writtenCases.has(caseId);
      const seen = touchedAt.get(caseId);
      const openKept = written && !retouched.has(caseId) && seen !== undefined && seen.closedBefore !== null && seen.earliest > seen.closedBefore;
      if (written) replaced.push(`case:${caseId}`, ...(openKept ? [] : [`open:${caseId}`]));
      else writtenCases.add(caseId);
      rows.push(...rowsOfCase(c, dims, !openKept));
    }
    for (const i of consultations) {
      if (i < writtenConsultations) replaced.push(`consultation:${i}`);
      rows.push(consultationRow(state.consultations[i]!, i, dims));
    }
    writtenConsultations = state.consultations.length;
    for (const id of complaints) {
      const x = state.complaints.get(id);
      if (!x) continue;
      if (writtenComplaints.has(id)) replaced.push(`complaint:${id}`);
      else writtenComplaints.add(id);
      rows.push(...complaintRows(state, x, dims));
    }
    const batch = { replaced, rows, context };
    cases.clear();
    touchedAt.clear();
    retouched.clear();
    consultations.clear();
    complaints.clear();
    context = [];
    return batch;
  };

  /**
   * The rows an owner (`case:`, `open:`, `consultation:`, `complaint:`) has after everything folded,
   * as a batch writing it now would write them whole (what `checkReadModels` compares with).
   */
  const rowsOf = (owner: string, dims: readonly KeyOf[]): FigureFactRow[] => {
    const colon = owner.indexOf(':');
    const kind = owner.slice(0, colon);
    const id = owner.slice(colon + 1);
    if (kind === 'case' || kind === 'open') {
      const c = state.cases.get(id);
      return c ? rowsOfCase(c, dims).filter((r) => r.owner === owner) : [];
    }
    if (kind === 'consultation') {
      const i = /^(0|[1-9][0-9]*)$/.test(id) ? Number(id) : -1;
      const x = state.consultations[i];
      return x ? [consultationRow(x, i, dims)] : [];
    }
    const x = kind === 'complaint' ? state.complaints.get(id) : undefined;
    return x ? complaintRows(state, x, dims) : [];
  };

  return {
    ...fold,
    take,
    rowsOf,
    rowsOfCase,
    get state(): CaseFactsState {
      return state;
    },
  };
};

export type FigureFactsFold = ReturnType<typeof createFigureFactsFold>;

/**
 * The figure facts 统计事实 read model: every fact a figure of `buildReport` counts, judged by the
 * report's own rules, in the store's database, so a report for any period, hall subtree and
 * breakdown is summed there (`createFigureQueries`) without reading the log. One partition: the
 * facts of every hall are judged under one hall context.
 */
export const figureFactsReadModel = (db: SqlDatabase, version = FIGURE_FACTS_VERSION): PartitionedReadModel<FigureFactsFold, FigureFactsBatch> => {
  const table = figureFactsTable(db, version);
  const contextTable = figureContextTable(db, version);
  const types = new Set<string>(caseFactsProjection.eventTypes);
  return {
    name: FIGURE_FACTS_NAME,
    version,
    partitions: 1,
    prepare: () => createFigureFactsSchema(db, version),
    caughtUp: () => createFigureReaderIndexes(db, version),
    route: (event) => (types.has(event.type) ? 0 : undefined),
    createFold: () => createFigureFactsFold(),
    take: (folds) => {
      const batches = folds.map((f) => f.take());
      return { replaced: batches.flatMap((b) => b.replaced), rows: batches.flatMap((b) => b.rows), context: batches.flatMap((b) => b.context) };
    },
    async write(tx: SqlQuery, batch: FigureFactsBatch) {
      await deleteFigureFacts(tx, db, table, batch.replaced);
      await insertFigureFacts(tx, db, table, batch.rows);
      if (batch.context.length === 0) return;
      if (db.dialect === 'postgres') {
        // One statement: a hall's registration is hundreds of context events, a round trip each was a good part of a catch-up's writing.
        await tx.query(`INSERT INTO ${contextTable} (position, event) SELECT * FROM unnest($1::bigint[], $2::text[])`, [
          sqlArray('bigint', batch.context.map((c) => c.position)), sqlArray('text', batch.context.map((c) => c.event)),
        ]);
        return;
      }
      for (const c of batch.context) await tx.query(`INSERT INTO ${contextTable} (position, event) VALUES ($1, $2)`, [c.position, c.event]);
    },
  };
};
