import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  caseStream, catalogStream, createInMemoryEventStore, exportEventLog, hallStream, type Actor, type EventStore, type EventToAppend,
} from '@banjian/core';
import { run } from '../main';
import { captureIo } from '../test-io';

/** Runs one CLI command in-process and collects its exit code and output. */
export const cli = async (...argv: string[]) => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
};

/** The folders the files below were written in, removed after the test file that made them. */
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Exports a log to an NDJSON file (spec §7 interchange) and returns the `file:` URL that opens it read-only. */
export const asNdjsonFile = async (store: EventStore): Promise<string> => {
  const lines: string[] = [];
  for await (const line of exportEventLog(store)) lines.push(line);
  const dir = mkdtempSync(join(tmpdir(), 'banjian-cli-log-'));
  made.push(dir);
  const path = join(dir, 'log.ndjson');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return `file:${path}`;
};

const S1: Actor = { kind: 'staff', id: 'S1', windowId: 'W1', departmentId: 'D-market' };

const ev = (type: string, data: Record<string, unknown>, occurredAt: string, actor: Actor = S1): EventToAppend =>
  ({ type, data, occurredAt, actor }) as EventToAppend;

/**
 * Hall H1 (Asia/Shanghai, default office hours) and case C-ND accepted Mon 2024-09-30 10:00 by
 * D-market/W1 with 5 working days: due Sat Oct 12 17:30 (National Day and the make-up Saturday);
 * with `transfer`, handed over to D-health/W2 on Oct 9 (whose own clock then runs from Oct 10).
 * Returns the `file:` URL of the exported log, as an auditor would open it.
 */
export const givenNationalDayLog = async ({ transfer = false } = {}): Promise<string> => {
  const store = createInMemoryEventStore();
  await store.appendToStream(hallStream('H1'), [
    ev('HallRegistered', {
      hallId: 'H1', name: '县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn',
    }, '2024-01-02T09:00:00+08:00', { kind: 'system', id: 'setup' }),
    ev('DepartmentRegistered', { hallId: 'H1', departmentId: 'D-market', name: '市场监管局' }, '2024-01-02T09:01:00+08:00', { kind: 'system', id: 'setup' }),
    ev('DepartmentRegistered', { hallId: 'H1', departmentId: 'D-health', name: '卫生健康委' }, '2024-01-02T09:02:00+08:00', { kind: 'system', id: 'setup' }),
    ev('WindowOpened', { hallId: 'H1', windowId: 'W1', kind: 'department', departmentId: 'D-market' }, '2024-01-02T09:03:00+08:00', { kind: 'system', id: 'setup' }),
    ev('WindowOpened', { hallId: 'H1', windowId: 'W2', kind: 'department', departmentId: 'D-health' }, '2024-01-02T09:04:00+08:00', { kind: 'system', id: 'setup' }),
  ]);
  await store.appendToStream(catalogStream('H1'), [
    ev('ServiceItemDefined', {
      hallId: 'H1', itemCode: 'ITEM-1', version: 1, name: '食品经营许可', departmentId: 'D-market', kind: 'promised',
      limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } }, effectiveFrom: '2024-01-01',
    }, '2024-01-02T09:05:00+08:00', { kind: 'system', id: 'setup' }),
  ]);
  await store.appendToStream(caseStream('C-ND'), [
    ev('ApplicationSubmitted', {
      caseId: 'C-ND', caseNo: 'NO-1', hallId: 'H1', itemCode: 'ITEM-1', channel: 'window', applicant: { type: 'person', ref: 'p-1' }, materials: ['申请表'],
    }, '2024-09-30T09:50:00+08:00'),
    ev('CaseAccepted', {
      caseId: 'C-ND', hallId: 'H1', windowId: 'W1', departmentId: 'D-market', staffId: 'S1', kind: 'promised',
      limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } },
      calendarVersion: 'cn', promisedDueAt: '2024-10-12T17:30:00+08:00', statutoryDueAt: '2024-11-01T17:30:00+08:00', provisional: false,
    }, '2024-09-30T10:00:00+08:00'),
  ]);
  if (transfer) {
    await store.appendToStream(caseStream('C-ND'), [ev('CaseTransferred', {
      caseId: 'C-ND', from: { departmentId: 'D-market', windowId: 'W1' }, to: { departmentId: 'D-health', windowId: 'W2' }, reason: '职责调整',
      handoverAt: '2024-10-09T09:00:00+08:00',
    }, '2024-10-09T09:00:00+08:00')]);
  }
  return asNdjsonFile(store);
};
