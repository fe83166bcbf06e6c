import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPostgresEventStore, createSqliteEventStore, readModelDatabaseOf } from '@banjian/adapters';
import { createInMemoryEventStore, exportEventLog, importEventLog, type EventStore, type SqlDatabase } from '@banjian/core';
import type { ReadModelCheck } from '@banjian/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateHall } from '../simulator';
import { PG_URL } from '../readmodel/read-model.fixture';
import { cli } from './cli-run.fixture';

/** A store of each kind holding a simulated year, its URL, and a database owner's connection to it. */
interface Home {
  url: string;
  owner: SqlDatabase;
  cleanup(): Promise<void>;
}

const homes: Record<'sqlite' | 'postgres', (lines: string[]) => Promise<Home>> = {
  async sqlite(lines) {
    const dir = mkdtempSync(join(tmpdir(), 'banjian-project-check-'));
    const store = createSqliteEventStore({ path: join(dir, 'store.db') });
    expect((await importEventLog(store, lines))._tag).toBe('Right');
    const owner = readModelDatabaseOf(store) as SqlDatabase;
    return {
      url: `sqlite:${join(dir, 'store.db')}`,
      owner,
      cleanup: async () => {
        await owner.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  async postgres(lines) {
    const schema = `bj_project_check_${process.pid}_${randomBytes(4).toString('hex')}`;
    const store = await createPostgresEventStore({ connectionString: PG_URL, schema });
    expect((await importEventLog(store, lines))._tag).toBe('Right');
    return {
      url: `${PG_URL}?schema=${schema}`,
      owner: readModelDatabaseOf(store) as SqlDatabase,
      cleanup: async () => {
        await store.pool.query(`DROP SCHEMA ${schema} CASCADE`);
        await store.close();
      },
    };
  },
};

type Checked = { ok: boolean; head: number; models: ReadModelCheck[] };

describe.each(['sqlite', 'postgres'] as const)('banjian project --check on %s', (kind) => {
  let lines: string[];
  let period: { from: string; to: string };
  let home: Home;
  beforeAll(async () => {
    const simulated: EventStore = createInMemoryEventStore();
    period = (await simulateHall(simulated, { casesPerYear: 300, townshipCount: 0, seed: 5 })).period;
    lines = [];
    for await (const line of exportEventLog(simulated)) lines.push(line);
    home = await homes[kind](lines);
  }, 120_000);
  afterAll(async () => home?.cleanup());

  const report = async (source: string) => {
    const r = await cli('report', '--from', period.from, '--to', period.to, '--json', '--source', source, '--store', home.url);
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out) as { figures: unknown };
  };

  it('given read models caught up by banjian project, when checked, then exit 0 and each version is equal to the rebuild at the log head', async () => {
    expect((await cli('project', '--once', '--store', home.url)).code).toBe(0);
    const text = await cli('project', '--check', '--store', home.url);
    expect(text.code, text.err).toBe(0);
    const shown = text.out.trim().split('\n');
    expect(shown).toHaveLength(2);
    expect(shown[0]).toMatch(/^caseIndex@1 \(read\): equal to the rebuild, 300 rows checked to checkpoint (\d+) \(log head \1\)$/);
    expect(shown[1]).toMatch(/^figureFacts@1 \(read\): equal to the rebuild, \d+ rows checked to checkpoint (\d+) \(log head \1\)$/);
    const json = await cli('project', '--check', '--json', '--store', home.url);
    expect(json.code).toBe(0);
    const checked = JSON.parse(json.out) as Checked;
    expect(checked.ok).toBe(true);
    expect(checked.head).toBeGreaterThanOrEqual(lines.length);
    expect(checked.models.map((m) => [m.name, m.ok, m.behind, m.checkpoint])).toEqual([['caseIndex', true, false, checked.head], ['figureFacts', true, false, checked.head]]);
  }, 120_000);

  it('given a database owner who deletes ten completion rows of the figure facts (the report changes, verify cannot see it), when checked, then exit 1 with one line per missing row', async () => {
    const facts = home.owner.table('figure_facts_v1');
    const gone = await home.owner.query<{ owner: string }>(`SELECT owner FROM ${facts} WHERE fact = 8 ORDER BY owner LIMIT 10`);
    expect(gone).toHaveLength(10);
    for (const { owner } of gone) await home.owner.query(`DELETE FROM ${facts} WHERE owner = $1 AND fact = 8`, [owner]);
    expect((await report('auto')).figures).not.toEqual((await report('rebuild')).figures);

    const text = await cli('project', '--check', '--store', home.url);
    expect(text.code).toBe(1);
    const shown = text.out.trim().split('\n');
    expect(shown[0]).toMatch(/^caseIndex@1 \(read\): equal to the rebuild/);
    expect(shown[1]).toMatch(/^figureFacts@1 \(read\): 10 differences \(missing 10\) in \d+ rows checked to checkpoint/);
    const missing = shown.slice(2);
    expect(missing).toHaveLength(10);
    for (const [i, { owner }] of gone.entries()) expect(missing[i]).toMatch(new RegExp(`^figureFacts@1 \\S*figure_facts_v1: missing row ${owner} completed at \\d{4}-\\d\\d-\\d\\dT`));

    const json = await cli('project', '--check', '--json', '--max-differences', '3', '--store', home.url);
    expect(json.code).toBe(1);
    const checked = JSON.parse(json.out) as Checked;
    const figureFacts = checked.models.find((m) => m.name === 'figureFacts')!;
    expect(checked.ok).toBe(false);
    expect(figureFacts.counts.missing).toBe(10);
    expect(figureFacts.differences).toHaveLength(3);
    const capped = await cli('project', '--check', '--max-differences', '3', '--store', home.url);
    expect(capped.out.trim().split('\n').at(-1)).toBe('figureFacts@1 … and 7 more differences (--max-differences)');
  }, 120_000);

  it('given a database owner who edits a case index row\'s holder, when checked, then the case and column are named', async () => {
    const index = home.owner.table('case_index_v1');
    const [edited] = await home.owner.query<{ case_id: string; window_id: string }>(`SELECT case_id, window_id FROM ${index} WHERE window_id IS NOT NULL ORDER BY case_id LIMIT 1`);
    await home.owner.query(`UPDATE ${index} SET window_id = 'w-elsewhere' WHERE case_id = $1`, [edited!.case_id]);
    const text = await cli('project', '--check', '--store', home.url);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^caseIndex@1 \(read\): 1 difference \(changed 1\) in 300 rows/m);
    expect(text.out).toContain(`case_index_v1: changed case_id ${edited!.case_id}: window_id stored "w-elsewhere", expected ${JSON.stringify(edited!.window_id)}\n`);
  }, 120_000);

  it('given read models in the store\'s database, when the log is verified, then verify says they are not covered and points to the check', async () => {
    const verified = await cli('verify', '--store', home.url);
    expect(verified.code).toBe(3);
    expect(verified.out).toMatch(/^intact: /);
    expect(verified.out).toContain('\nnot covered: the read models caseIndex@1, figureFacts@1 in the store\'s database (banjian project --check compares them with the log)\n');
    expect((await cli('help', 'verify')).out).toContain('banjian project --check');
  }, 120_000);

  it('given bad input, when checked, then exit 2 with one line', async () => {
    const both = await cli('project', '--check', '--once', '--store', home.url);
    expect(both.code).toBe(2);
    expect(both.err.trim().split('\n')).toHaveLength(1);
    expect((await cli('project', '--check', '--max-differences', 'none', '--store', home.url)).code).toBe(2);
  });
});
