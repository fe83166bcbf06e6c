import type { SqlDatabase } from '@banjian/core';
import type { Differences } from './check-differences';

/**
 * A row as the check compares it: each column as the database gives it back as text (`CAST … AS
 * text`, NULL as `null`), so a check needs no column types, and a value the writer never writes (a
 * fraction, a text in a number column) is never mistaken for one it does.
 */
export type TextRow = (string | null)[];

/** A value the writer sends, as the database would give it back as text. */
export const asText = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** How a table's rows are compared: its columns, and how a row is named in a difference. */
export interface RowShape {
  readonly table: string;
  readonly columns: readonly string[];
  /** A row's name in a difference (its key, and what tells it from its owner's other rows). */
  readonly name: (row: TextRow) => string;
  /** Unmatched rows of one key are paired by these columns (same values) in the order of `order`: a pair is a changed row. */
  readonly pairBy?: readonly number[];
  readonly order?: number;
}

/**
 * The stored rows of a table in the order of `key`, in groups of one key value each (a key's rows
 * never split between groups), a page of about `pageRows` rows a query: the table is never read whole.
 */
export async function* storedGroups(db: SqlDatabase, shape: RowShape, key: string, pageRows: number): AsyncGenerator<TextRow[][]> {
  const select = `SELECT ${shape.columns.map((c) => `CAST(t.${c} AS text) AS ${c}`).join(', ')} FROM ${shape.table} AS t`;
  const k = shape.columns.indexOf(key);
  const asRow = (r: Record<string, unknown>): TextRow => shape.columns.map((c) => asText(r[c]));
  let after: string | undefined;
  for (;;) {
    const page = (
      after === undefined
        ? await db.query(`${select} ORDER BY t.${key} LIMIT $1`, [pageRows])
        : await db.query(`${select} WHERE t.${key} > $1 ORDER BY t.${key} LIMIT $2`, [after, pageRows])
    ).map(asRow);
    if (page.length === 0) return;
    const groups: TextRow[][] = [];
    for (const row of page) {
      const last = groups[groups.length - 1];
      if (last && last[0]![k] === row[k]) last.push(row);
      else groups.push([row]);
    }
    const full = page.length === pageRows;
    if (full && groups.length === 1) {
      // One key fills the page: all of its rows at once.
      const whole = groups[0]![0]![k] as string;
      yield [(await db.query(`${select} WHERE t.${key} = $1`, [whole])).map(asRow)];
      after = whole;
      continue;
    }
    // The last key of a full page may go on in the next one.
    if (full) groups.pop();
    yield groups;
    if (!full) return;
    after = groups[groups.length - 1]![0]![k] as string;
  }
}

const keyOf = (row: TextRow): string => JSON.stringify(row);

/**
 * Compares one key's stored rows with the rows the rebuild gives it, as multisets: rows equal in
 * every column match; the rest are paired (same `pairBy` columns, in `order`) into changed rows, a
 * difference per column, and what is left over is missing or extra.
 */
export const compareRows = (shape: RowShape, expected: readonly TextRow[], stored: readonly TextRow[], differences: Differences): void => {
  const pending = new Map<string, TextRow[]>();
  for (const row of expected) {
    const k = keyOf(row);
    const same = pending.get(k);
    if (same) same.push(row);
    else pending.set(k, [row]);
  }
  const extra: TextRow[] = [];
  for (const row of stored) {
    const same = pending.get(keyOf(row));
    if (same && same.length > 0) same.pop();
    else extra.push(row);
  }
  const missing = [...pending.values()].flat();
  if (missing.length === 0 && extra.length === 0) return;
  const pairKey = (row: TextRow) => JSON.stringify((shape.pairBy ?? []).map((c) => row[c]));
  const ordered = (rows: TextRow[]) => {
    if (shape.order === undefined) return rows;
    const c = shape.order;
    return [...rows].sort((a, b) => Number(a[c]) - Number(b[c]) || (keyOf(a) < keyOf(b) ? -1 : 1));
  };
  const byPair = new Map<string, { expected: TextRow[]; stored: TextRow[] }>();
  const slot = (row: TextRow) => {
    const k = pairKey(row);
    let s = byPair.get(k);
    if (!s) byPair.set(k, (s = { expected: [], stored: [] }));
    return s;
  };
  for (const row of missing) slot(row).expected.push(row);
  for (const row of extra) slot(row).stored.push(row);
  const record = (r: TextRow) => Object.fromEntries(shape.columns.map((c, i) => [c, r[i] ?? null]));
  for (const s of byPair.values()) {
    const exp = ordered(s.expected);
    const got = ordered(s.stored);
    const pairs = Math.min(exp.length, got.length);
    for (let i = 0; i < pairs; i++) {
      const e = exp[i]!;
      const g = got[i]!;
      shape.columns.forEach((column, c) => {
        if (e[c] !== g[c]) differences.add({ kind: 'changed', table: shape.table, key: shape.name(e), column, stored: g[c] ?? null, expected: e[c] ?? null });
      });
    }
    for (const e of exp.slice(pairs)) differences.add({ kind: 'missing', table: shape.table, key: shape.name(e), expected: record(e) });
    for (const g of got.slice(pairs)) differences.add({ kind: 'extra', table: shape.table, key: shape.name(g), stored: record(g) });
  }
};

/** An epoch-millisecond text as an ISO instant (as stored when it is not one). */
export const instantText = (ms: string | null | undefined): string => {
  const n = Number(ms);
  return ms !== null && ms !== undefined && Number.isFinite(n) && Math.abs(n) <= 8.64e15 ? new Date(n).toISOString() : String(ms);
};
