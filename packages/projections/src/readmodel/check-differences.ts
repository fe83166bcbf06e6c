/**
 * What a read model check found: a row the rebuild has and the table has not, a row the table has
 * and the rebuild has not, a column whose stored value is not the rebuild's, a checkpoint that
 * cannot be (beyond the log, above its partitions, a partition missing), a table not there.
 * Values are as the database gives them back as text (`null` for NULL).
 */
export type ReadModelDifference =
  | { readonly kind: 'missing'; readonly table: string; readonly key: string; readonly expected: Readonly<Record<string, string | null>> }
  | { readonly kind: 'extra'; readonly table: string; readonly key: string; readonly stored: Readonly<Record<string, string | null>> }
  | { readonly kind: 'changed'; readonly table: string; readonly key: string; readonly column: string; readonly stored: string | null; readonly expected: string | null }
  | { readonly kind: 'checkpoint'; readonly table: string; readonly detail: string }
  | { readonly kind: 'table'; readonly table: string; readonly detail: string };

export type ReadModelDifferenceKind = ReadModelDifference['kind'];

/** Differences counted by kind, the first `max` of them kept. */
export const createDifferences = (max: number) => {
  const listed: ReadModelDifference[] = [];
  const counts: Record<ReadModelDifferenceKind, number> = { missing: 0, extra: 0, changed: 0, checkpoint: 0, table: 0 };
  return {
    listed,
    counts,
    add(d: ReadModelDifference): void {
      counts[d.kind] += 1;
      if (listed.length < max) listed.push(d);
    },
    get total(): number {
      return Object.values(counts).reduce((n, k) => n + k, 0);
    },
  };
};

export type Differences = ReturnType<typeof createDifferences>;

/** One line saying what a difference is (the CLI prints one a line, prefixed by the model). */
export const describeDifference = (d: ReadModelDifference): string => {
  switch (d.kind) {
    case 'missing':
      return `${d.table}: missing row ${d.key}`;
    case 'extra':
      return `${d.table}: extra row ${d.key}`;
    case 'changed':
      return `${d.table}: changed ${d.key}: ${d.column} stored ${show(d.stored)}, expected ${show(d.expected)}`;
    default:
      return `${d.table}: ${d.kind} ${d.detail}`;
  }
};

const show = (v: string | null): string => (v === null ? 'NULL' : JSON.stringify(v));
