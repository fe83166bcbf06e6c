import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, readModelDatabaseOf } from '@banjian/adapters';
import { createInMemoryEventStore, exportEventLog, importEventLog } from '@banjian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { simulateHall } from '../simulator';
import { captureIo } from '../test-io';

describe('banjian report: from the figure facts read model or a rebuild', () => {
  let dir: string;
  let url: string;
  let period: { from: string; to: string };
  let rest: string[];
  beforeAll(async () => {
    const simulated = createInMemoryEventStore();
    const result = await simulateHall(simulated, { casesPerYear: 300, townshipCount: 1, seed: 3 });
    period = result.period;
    const lines: string[] = [];
    for await (const line of exportEventLog(simulated)) lines.push(line);
    const cut = Math.floor(lines.length * 0.8);
    rest = lines.slice(cut);
    dir = mkdtempSync(join(tmpdir(), 'banjian-report-source-'));
    url = `sqlite:${join(dir, 'store.db')}`;
    const store = createSqliteEventStore({ path: join(dir, 'store.db') });
    expect((await importEventLog(store, lines.slice(0, cut)))._tag).toBe('Right');
    await store.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const report = async (...more: string[]) => {
    const io = captureIo();
    const code = await run(['report', '--from', period.from, '--to', period.to, '--json', '--store', url, ...more], io);
    expect(code, io.err()).toBe(0);
    return JSON.parse(io.out()) as { checkpoint: number; figures: unknown; source: { kind: string; model?: string; checkpoint?: number; reason?: string } };
  };

  it('given a store with no read model, when reported, then it is rebuilt from the log and says so', async () => {
    const r = await report();
    expect(r.source.kind).toBe('rebuild');
    expect(r.source.reason).toContain('no figure facts');
    const io = captureIo();
    expect(await run(['report', '--from', period.from, '--to', period.to, '--store', url, '--source', 'read-model'], io)).toBe(2);
    expect(io.err()).toContain('--source read-model');
  });

  it('given the figure facts caught up by banjian project, when reported, then the database answers, names its checkpoint, and equals the rebuild', async () => {
    expect(await run(['project', '--once', '--store', url], captureIo())).toBe(0);
    const fromFacts = await report();
    expect(fromFacts.source).toEqual({ kind: 'readModel', model: 'figureFacts@1', checkpoint: fromFacts.checkpoint });
    const rebuilt = await report('--source', 'rebuild');
    expect(rebuilt.source.kind).toBe('rebuild');
    expect(fromFacts.figures).toEqual(rebuilt.figures);
    expect(fromFacts.checkpoint).toBe(rebuilt.checkpoint);
    const text = captureIo();
    expect(await run(['report', '--from', period.from, '--to', period.to, '--store', url], text)).toBe(0);
    expect(text.out()).toContain(`来源 source: read model figureFacts@1 at checkpoint ${fromFacts.checkpoint}`);
  }, 120_000);

  it('given events appended after the facts\' checkpoint, when reported, then it is rebuilt (the facts lag), unless the read model is asked for', async () => {
    const store = createSqliteEventStore({ path: join(dir, 'store.db') });
    expect((await importEventLog(store, rest))._tag).toBe('Right');
    await store.close();
    const auto = await report();
    expect(auto.source.kind).toBe('rebuild');
    expect(auto.source.reason).toContain('lags the log head');
    const lagging = await report('--source', 'read-model');
    expect(lagging.source.kind).toBe('readModel');
    expect(lagging.checkpoint).toBeLessThan(auto.checkpoint);
  }, 120_000);

  it('given the facts\' covering indexes missing (built only once a version has caught up), when reported, then auto rebuilds and says why, read-model refuses; a run of banjian project that reaches the head builds them again', async () => {
    const store = createSqliteEventStore({ path: join(dir, 'store.db') });
    const db = readModelDatabaseOf(store)!;
    await db.query('DROP INDEX ix_figure_facts_v1_at');
    await db.query('DROP INDEX ix_figure_facts_v1_open');
    await db.query('DROP INDEX ix_figure_facts_v1_cohort');
    await db.close();
    await store.close();
    expect(await run(['project', '--once', '--store', url], captureIo())).toBe(0);
    const caughtUp = await report();
    expect(caughtUp.source.kind).toBe('readModel');
    const again = createSqliteEventStore({ path: join(dir, 'store.db') });
    const dropped = readModelDatabaseOf(again)!;
    await dropped.query('DROP INDEX ix_figure_facts_v1_at');
    await dropped.close();
    await again.close();
    const auto = await report();
    expect(auto.source.kind).toBe('rebuild');
    expect(auto.source.reason).toContain('figureFacts@1 is not ready to read');
    expect(auto.figures).toEqual(caughtUp.figures);
    const io = captureIo();
    expect(await run(['report', '--from', period.from, '--to', period.to, '--store', url, '--source', 'read-model'], io)).toBe(2);
    expect(io.err()).toContain('is not ready to read');
    expect(await run(['project', '--once', '--store', url], captureIo())).toBe(0);
    expect((await report()).source).toEqual(caughtUp.source);
  }, 120_000);
});
