import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinaCalendar, createWorkClock, exportEventLog, type EventStore } from '@banjian/core';
import { buildReport, type Report } from '@banjian/projections';
import { caseScript, createLogWriter, defineItems, registerHall, workingDayLimits } from '@banjian/projections/golden';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPublishedReport } from './replay';
import { runReplay } from './run';

const clock = createWorkClock({ calendar: chinaCalendar() });
const ms = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);
const HALL = 'audit-hall';
const desk = { departmentId: 'market', windowId: 'w-1', staffId: 's-1' };
const PERIOD = { from: '2025-01-01', to: '2025-04-01' };

let dir: string;
let logPath: string;
let published: Report;

/** Six cases in the first quarter, one of them late and one evaluated badly; then more cases in April (after the report). */
const givenHallLog = async (): Promise<{ store: EventStore; checkpoint: number }> => {
  const writer = createLogWriter();
  registerHall(writer, clock, { hallId: HALL, name: '审计测试大厅', level: 'county', desks: [desk], at: ms('2024-12-02', '08:00') });
  defineItems(writer, clock, HALL, [{ itemCode: 'A', departmentId: 'market', kind: 'promised', limits: workingDayLimits(20, 5) }], ms('2024-12-02', '08:10'));
  const days = ['2025-01-06', '2025-01-20', '2025-02-10', '2025-02-24', '2025-03-10', '2025-03-17'];
  days.forEach((day, i) => {
    const c = caseScript(writer, clock, { caseId: `q1-${i}`, hallId: HALL, itemCode: 'A' }).submit(ms(day, '09:00')).accept(ms(day, '09:30'), desk, 'promised', workingDayLimits(20, 5));
    const late = i === 2;
    c.decide(ms(day, '10:00') + (late ? 9 * 86_400_000 : 86_400_000), 'approved').complete(ms(day, '11:00') + (late ? 9 * 86_400_000 : 86_400_000));
    c.evaluate(ms(day, '11:05') + (late ? 9 * 86_400_000 : 86_400_000), `ev-${i}`, i === 4 ? 2 : 5);
  });
  const store = await writer.flush();
  let checkpoint = 0;
  for await (const e of store.readAll()) checkpoint = e.globalPosition;
  caseScript(writer, clock, { caseId: 'april', hallId: HALL, itemCode: 'A' }).submit(ms('2025-04-07', '09:00')).accept(ms('2025-04-07', '09:30'), desk, 'promised', workingDayLimits(20, 5));
  await writer.flush();
  return { store, checkpoint };
};

const writeJson = (name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

const replay = async (...args: string[]) => {
  let out = '';
  let err = '';
  const code = await runReplay(args, { json: false }, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, readFile: (p) => readFileSync(p, 'utf8') });
  return { code, out, err };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'banjian-auditor-'));
  const { store, checkpoint } = await givenHallLog();
  // published at the end of March, from the log as it stood then
  published = await buildReport(store, { ...PERIOD, hall: HALL, by: 'month', asOf: { position: checkpoint } });
  const lines: string[] = [];
  for await (const line of exportEventLog(store)) lines.push(line);
  logPath = join(dir, 'log.ndjson');
  writeFileSync(logPath, `${lines.join('\n')}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('auditor replay', () => {
  it('given the log exported after the report and the report unchanged, then every figure reconciles as of the checkpoint', async () => {
    const result = await auditPublishedReport(logPath, published);
    expect(result.outcome).toBe('reconciled');
    if (result.outcome !== 'reconciled') return;
    expect(result.verification.lastPosition).toBeGreaterThan(published.checkpoint);
    expect(result.recomputed).toEqual(published);
    expect(result.reconciliation.lines.filter((l) => l.status !== 'reconciled')).toEqual([]);
    expect(result.reconciliation.lines.length).toBeGreaterThan(4 * 30);
    expect(published.figures.completed!.value).toBe(6);
    expect(published.figures.onTimeRate!.display).toBe('83.33%');

    const run = await replay(logPath, writeJson('report.json', published));
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^log intact: \d+ events/);
    expect(run.out).toContain('RECONCILED');
  });

  it('given a published figure edited, then exactly that figure is named as differing, with both values', async () => {
    const edited = structuredClone(published);
    edited.figures.onTimeRate = { ...edited.figures.onTimeRate!, value: 100, display: '100.00%', numerator: 6 };
    const result = await auditPublishedReport(logPath, edited);
    expect(result.outcome).toBe('differs');
    if (result.outcome !== 'differs') return;
    const differing = result.reconciliation.lines.filter((l) => l.status !== 'reconciled');
    expect(differing).toEqual([expect.objectContaining({ group: '', id: 'onTimeRate', status: 'differs', fields: ['value', 'display', 'numerator'] })]);

    const run = await replay(logPath, writeJson('edited.json', edited));
    expect(run.code).toBe(1);
    expect(run.out).toContain('DIFFERS  onTimeRate: published 100.00% (6/6) onTimeRate@1, recomputed 83.33% (5/6) onTimeRate@1 [value, display, numerator]');
    expect(run.out).toContain('NOT RECONCILED');
  });

  it('given a month\'s figure edited in a breakdown, then the month and the figure are named', async () => {
    const edited = structuredClone(published);
    const february = edited.groups!.find((g) => g.key === '2025-02-01')!;
    february.figures.completed = { ...february.figures.completed!, value: 3, display: '3' };
    const run = await replay(logPath, writeJson('edited-month.json', edited));
    expect(run.code).toBe(1);
    expect(run.out.split('\n').filter((l) => l.includes('DIFFERS'))).toEqual(['  DIFFERS  2025-02-01 completed: published 3 completed@1, recomputed 2 completed@1 [value, display]']);
  });

  it('given one log line tampered with, then verification fails naming the stream and position, and nothing is recomputed', async () => {
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
    const index = lines.findIndex((l) => l.includes('"evaluationId":"ev-1"'));
    expect(lines[index]).toContain('"level":5');
    lines[index] = lines[index]!.replace('"level":5', '"level":1');
    const tampered = join(dir, 'tampered.ndjson');
    writeFileSync(tampered, `${lines.join('\n')}\n`);
    const position = JSON.parse(lines[index]!).globalPosition as number;

    const result = await auditPublishedReport(tampered, published);
    expect(result).toMatchObject({ outcome: 'damaged', damage: { kind: 'altered', streamId: 'case-q1-1', globalPosition: position } });

    const run = await replay(tampered, writeJson('report.json', published));
    expect(run.code).toBe(1);
    expect(run.out).toMatch(new RegExp(`^log DAMAGED: altered at case-q1-1 position \\d+ \\(global ${position}\\)`));
    expect(run.out).not.toContain('recomputed');
  });

  it('given a report whose checkpoint lies beyond the log, or input that is not a report, then exit 2 says why', async () => {
    const beyond = await replay(logPath, writeJson('beyond.json', { ...published, checkpoint: 10_000 }));
    expect(beyond.code).toBe(2);
    expect(beyond.out).toContain("cannot recompute: the report's checkpoint 10000 lies beyond the log's last global position");
    const notReport = await replay(logPath, writeJson('not-report.json', { figures: {} }));
    expect(notReport).toMatchObject({ code: 2, err: 'auditor-replay: published report: period: expected {from, to} dates\n' });
    expect((await replay(logPath)).code).toBe(2);
  });
});
