import { registerStoreScheme } from '@banjian/adapters';
import { buildEarlyHall, EARLY } from '@banjian/projections/golden';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportEventLog, type EventStore } from '@banjian/core';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { run } from '../main';
import { captureIo } from '../test-io';

describe('banjian report', () => {
  let store: EventStore;
  beforeAll(async () => {
    store = await buildEarlyHall();
    // the golden log behind a store URL of its own; `close` leaves it readable for the next run
    registerStoreScheme((url) => url === 'golden:early', async () => ({ ...store, close: async () => undefined }));
  });

  it('given the early-completion log, when reported as JSON, then it prints the figures of spec §7', async () => {
    const io = captureIo();
    const code = await run(['report', '--from', '2023-01-01', '--to', '2024-01-01', '--hall', EARLY.hallId, '--json', '--store', 'golden:early'], io);
    expect(code).toBe(0);
    const report = JSON.parse(io.out());
    expect(Object.keys(report)).toEqual(['period', 'hall', 'checkpoint', 'calendarVersion', 'figures', 'source']);
    expect(report.source.kind).toBe('rebuild');
    expect(report.figures.earlyCompletionRate).toEqual({
      value: 95.02, display: '95.02%', numerator: 9519, denominator: 10018, unit: '%', definition: 'earlyCompletionRate@1',
    });
    expect(report.calendarVersion).toMatch(/^cn@/);
  });

  it('given the log exported to NDJSON, when reported from --store file:, then the figures are the same as from the store', async () => {
    const lines: string[] = [];
    for await (const line of exportEventLog(store)) lines.push(line);
    const dir = mkdtempSync(join(tmpdir(), 'banjian-report-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'early.ndjson');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const args = ['report', '--from', '2023-01-01', '--to', '2024-01-01', '--hall', EARLY.hallId, '--json', '--store'];
    const [fromStore, fromFile] = [captureIo(), captureIo()];
    expect(await run([...args, 'golden:early'], fromStore)).toBe(0);
    expect(await run([...args, `file:${path}`], fromFile)).toBe(0);
    expect(JSON.parse(fromFile.out())).toEqual(JSON.parse(fromStore.out()));
  });

  it('given an empty memory: store, when reported, then every count is zero and the checkpoint 0', async () => {
    const io = captureIo();
    expect(await run(['report', '--from', '2023-01-01', '--to', '2024-01-01', '--json', '--store', 'memory:'], io)).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.checkpoint).toBe(0);
    expect(report.figures.applications.value).toBe(0);
  });

  it('given the log, when reported for people by month, then Chinese and English labels are printed', async () => {
    const io = captureIo();
    expect(await run(['report', '--from', '2023-01-01', '--to', '2023-03-01', '--by', 'month', '--store', 'golden:early'], io)).toBe(0);
    expect(io.out()).toContain('提前办结率 Early-completion rate:');
    expect(io.out()).toContain('— month 2023-02-01 – 2023-03-01');
  });

  it.each([
    [['report', '--to', '2024-01-01'], '--from is required'],
    [['report', '--from', '2023-02-30', '--to', '2024-01-01'], 'is not a date'],
    [['report', '--from', '2024-01-01', '--to', '2024-01-01'], 'must be after'],
    [['report', '--from', '2023-01-01', '--to', '2024-01-01', '--by', 'colour'], 'is not one of'],
    [['report', '--from', '2023-01-01', '--to', '2024-01-01', '--hall', 'nowhere', '--store', 'golden:early'], 'unknown hall'],
  ])('given bad arguments %j, when run, then one line and exit 2', async (argv, reason) => {
    const io = captureIo();
    expect(await run(argv, io)).toBe(2);
    expect(io.err()).toContain(reason);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });
});
