import type { SqlDatabase } from '@banjian/core';
import { caseIndexModel, CASE_INDEX_NAME, createCaseIndexFold } from './case-index';
import { caseIndexValues } from './case-row';
import type { CheckScope, ReadModelChecker } from './check';
import { asText, compareRows, storedGroups, type RowShape } from './check-rows';
import { partitionOfKey } from './read-model';
import { CASE_INDEX_COLUMNS, caseIndexTable } from './schema';

type Fold = ReturnType<typeof createCaseIndexFold>;

/**
 * The case index checked row by row, by case id: each stored row against the row its partition's
 * fold gives the case (`rowOf`, the row a batch writes), then every case folded and not stored.
 */
export const caseIndexChecker: ReadModelChecker<Fold> = {
  name: CASE_INDEX_NAME,
  model: (db: SqlDatabase, version: number) => caseIndexModel(db, { version }),
  tables: (db: SqlDatabase, version: number) => [caseIndexTable(db, version)],
  begin: ({ db, version, partitions, differences, pageRows }: CheckScope) => ({
    async compare(folds) {
      const shape: RowShape = { table: caseIndexTable(db, version), columns: CASE_INDEX_COLUMNS, name: (r) => `case_id ${r[0]}` };
      const expected = (caseId: string) => {
        const row = folds[partitionOfKey(caseId, partitions)]?.rowOf(caseId);
        return row ? [caseIndexValues(row).map(asText)] : [];
      };
      const seen = new Set<string>();
      let rows = 0;
      for await (const groups of storedGroups(db, shape, 'case_id', pageRows)) {
        for (const stored of groups) {
          const caseId = stored[0]![0] as string;
          seen.add(caseId);
          rows += stored.length;
          compareRows(shape, expected(caseId), stored, differences);
        }
      }
      for (const fold of folds) for (const caseId of fold.state.cases.keys()) if (!seen.has(caseId)) compareRows(shape, expected(caseId), [], differences);
      return rows;
    },
  }),
};
