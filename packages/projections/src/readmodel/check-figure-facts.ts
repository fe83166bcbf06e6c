import type { SqlDatabase, StoredEvent } from '@banjian/core';
import type { CheckScope, ReadModelChecker } from './check';
import { asText, compareRows, instantText, storedGroups, type RowShape, type TextRow } from './check-rows';
import { FIGURE_FACTS_NAME, figureContextRow, figureFactsReadModel, isFigureContextEvent, type FigureFactsFold } from './figure-facts';
import { dimensionKeys, FACT } from './figure-rows';
import { FIGURE_FACT_COLUMNS, figureContextTable, figureFactsTable, figureFactValues } from './figure-schema';

const FACT_NAMES = new Map<string, string>(Object.entries(FACT).map(([name, code]) => [String(code), name]));

/**
 * The stored context rows in position order, taken one at a time while the log is read: each
 * context event up to the checkpoint meets the stored row of its position.
 */
const contextCursor = (db: SqlDatabase, shape: RowShape, pageRows: number) => {
  const groups = storedGroups(db, shape, 'position', pageRows);
  let buffer: TextRow[] = [];
  let at = 0;
  let done = false;
  return {
    async peek(): Promise<TextRow | undefined> {
      while (at >= buffer.length && !done) {
        const next = await groups.next();
        if (next.done) done = true;
        else [buffer, at] = [next.value.flat(), 0];
      }
      return buffer[at];
    },
    skip(): void {
      at += 1;
    },
  };
};

/**
 * The figure facts checked by owner (a case, its open-status runs, a consultation, a complaint):
 * an owner's stored rows against the rows the fold gives it (`rowsOf`, what a batch writing it now
 * writes), as multisets; then every owner folded and not stored. The hall context table is checked
 * while the log is read: one row a context event up to the checkpoint, its text as the fold writes it.
 */
export const figureFactsChecker: ReadModelChecker<FigureFactsFold> = {
  name: FIGURE_FACTS_NAME,
  model: (db: SqlDatabase, version: number) => figureFactsReadModel(db, version),
  tables: (db: SqlDatabase, version: number) => [figureFactsTable(db, version), figureContextTable(db, version)],
  begin: ({ db, version, checkpoints, differences, pageRows }: CheckScope) => {
    const checkpoint = checkpoints[0] ?? 0;
    const context: RowShape = { table: figureContextTable(db, version), columns: ['position', 'event'], name: (r) => `position ${r[0]}` };
    const cursor = contextCursor(db, context, pageRows);
    let rows = 0;
    return {
      async onEvent(event: StoredEvent) {
        if (event.globalPosition > checkpoint || !isFigureContextEvent(event)) return;
        const { position, event: text } = figureContextRow(event);
        let stored = await cursor.peek();
        // Stored rows before this event's position (or at no position at all) are no context event's.
        for (; stored && !(Number(stored[0]) >= position); stored = await cursor.peek()) {
          compareRows(context, [], [stored], differences);
          cursor.skip();
          rows += 1;
        }
        const same = stored !== undefined && Number(stored[0]) === position ? stored : undefined;
        compareRows(context, [[String(position), text]], same ? [same] : [], differences);
        if (same) {
          cursor.skip();
          rows += 1;
        }
      },
      async compare(folds) {
        for (let stored = await cursor.peek(); stored; stored = await cursor.peek()) {
          compareRows(context, [], [stored], differences);
          cursor.skip();
          rows += 1;
        }
        const fold = folds[0]!;
        const shape: RowShape = {
          table: figureFactsTable(db, version), columns: FIGURE_FACT_COLUMNS,
          name: (r) => `${r[0]} ${FACT_NAMES.get(r[1] as string) ?? `fact ${r[1]}`} at ${instantText(r[2])}`,
          // A changed row is one of the owner's facts of its kind, taken in time order.
          pairBy: [1], order: 2,
        };
        const dims = dimensionKeys(fold.state.context);
        const text = (r: Parameters<typeof figureFactValues>[0]) => figureFactValues(r).map(asText);
        const seen = new Set<string>();
        for await (const groups of storedGroups(db, shape, 'owner', pageRows)) {
          for (const stored of groups) {
            const owner = stored[0]![0] as string;
            seen.add(owner);
            rows += stored.length;
            compareRows(shape, fold.rowsOf(owner, dims).map(text), stored, differences);
          }
        }
        const { state } = fold;
        for (const c of state.cases.values()) {
          const owners = [`case:${c.caseId}`, `open:${c.caseId}`].filter((o) => !seen.has(o));
          if (owners.length === 0) continue;
          compareRows(shape, fold.rowsOfCase(c, dims).filter((r) => owners.includes(r.owner)).map(text), [], differences);
        }
        state.consultations.forEach((_, i) => (seen.has(`consultation:${i}`) ? undefined : compareRows(shape, fold.rowsOf(`consultation:${i}`, dims).map(text), [], differences)));
        for (const id of state.complaints.keys()) if (!seen.has(`complaint:${id}`)) compareRows(shape, fold.rowsOf(`complaint:${id}`, dims).map(text), [], differences);
        return rows;
      },
    };
  },
};
