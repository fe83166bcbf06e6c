import { eventTypes, GENESIS_HASH } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { APPROVER, CLERK_TAX, createEngineHall, SCHEDULER, type EngineHall } from '../golden/engine-hall.fixture';
import { eventLabels, formatTrail, labelOf, trailOf } from './index';

const T = (local: string) => `${local}:00+08:00`;
const deskTax = { departmentId: 'tax', windowId: 'w-t', staffId: 'clerk-t' };

/**
 * Case C-1 run as commands over National Day 2024 (Oct 1–7 off; Sun Sep 29 a working day), its
 * events interleaved with case C-2's: submitted and accepted at the market window on Fri Sep 27;
 * transferred to tax on Sun Sep 29, that transfer entered late (补录) by the market approver on
 * Mon Sep 30; a 黄灯 raised by the alert scheduler on Oct 9; suspended for a hearing the same day.
 */
const givenCase = async (): Promise<{ hall: EngineHall; first: number }> => {
  const hall = await createEngineHall();
  let setup = 0;
  for await (const e of hall.store.readAll()) setup = e.globalPosition;
  await hall.accept('C-1', T('2024-09-27T10:00'), 'SC-5', T('2024-09-27T10:30'), { materials: ['申请表', '身份证'] });
  await hall.accept('C-2', T('2024-09-27T11:00'));
  await hall.run('RecordLateEntry', {
    caseId: 'C-1', reason: '系统停机后补录',
    entry: { type: 'TransferCase', data: { caseId: 'C-1', to: deskTax, reason: '职责调整', handoverAt: T('2024-09-29T09:10') } },
  }, APPROVER, T('2024-09-29T09:15'), T('2024-09-30T09:00'));
  await hall.run('RaiseAlert', {
    caseId: 'C-1', alertId: 'a-1', rule: 'promisedLimit', level: 'approaching', dueAt: '2024-10-10T09:30:00Z', departmentId: 'tax',
  }, SCHEDULER, T('2024-10-09T09:00'));
  await hall.run('SuspendClock', { caseId: 'C-1', procedure: 'hearing', legalBasis: '行政许可法 §45', applicantNotifiedAt: T('2024-10-09T10:00') }, CLERK_TAX, T('2024-10-09T10:00'));
  return { hall, first: setup + 1 };
};

const C1_TYPES = ['ApplicationSubmitted', 'CaseAccepted', 'CaseTransferred', 'LateEntryRecorded', 'AlertRaised', 'ClockSuspended'];

describe('audit trail', () => {
  it('given a case whose events interleave with another case\'s, when its trail is read, then it lists only its stream, in stream order, with global positions and the hash chain', async () => {
    const { hall, first } = await givenCase();
    const trail = await trailOf(hall.store, 'C-1');
    expect(trail.streamId).toBe('case-C-1');
    expect(trail.entries.map((e) => e.streamPosition)).toEqual([0, 1, 2, 3, 4, 5]);
    // C-2's submission and acceptance sit at first + 2 and first + 3
    expect(trail.entries.map((e) => e.globalPosition - first)).toEqual([0, 1, 4, 5, 6, 7]);
    const between = [];
    for await (const e of hall.store.readAll()) if (e.globalPosition === first + 2 || e.globalPosition === first + 3) between.push(e.streamId);
    expect(between).toEqual(['case-C-2', 'case-C-2']);
    expect(trail.entries.map((e) => e.type)).toEqual(C1_TYPES);
    expect(trail.entries[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < trail.entries.length; i++) expect(trail.entries[i]!.prevHash).toBe(trail.entries[i - 1]!.hash);
    expect(trail.entries.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
  });

  it('given events sent by staff, by the late-entering approver and by the scheduler, when the trail is read, then each entry names its time, actor, window, department and labels', async () => {
    const { hall } = await givenCase();
    const [first, , transferred, , raised] = (await trailOf(hall.store, 'C-1')).entries;
    expect(first).toMatchObject({
      occurredAt: '2024-09-27T10:00:00+08:00',
      recordedAt: '2024-09-27T10:00:00+08:00',
      actor: { kind: 'staff', id: 'clerk-m' },
      windowId: 'w-m',
      departmentId: 'market',
      label: { zh: '申请/收件', en: 'application submitted' },
    });
    // a late entry keeps when it happened and when it was recorded apart
    expect(transferred).toMatchObject({ occurredAt: '2024-09-29T09:15:00+08:00', recordedAt: '2024-09-30T09:00:00+08:00', actor: { kind: 'staff', id: 'approver-m' } });
    // a system actor names no window: the alert's own department stands in
    expect(raised).toMatchObject({ actor: { kind: 'system', id: 'alert-scheduler' }, departmentId: 'tax', label: { zh: '预警', en: 'alert raised' } });
    expect(raised!.windowId).toBeUndefined();
  });

  it('given an acceptance on Fri Sep 27, when the trail says what changed, then the due times are the decider\'s (start day not counted, Sun Sep 29 and Sat Oct 12 worked, National Day skipped): promised Oct 10, statutory Oct 30', async () => {
    const { hall } = await givenCase();
    const changes = (await trailOf(hall.store, 'C-1')).entries.map((e) => e.change);
    expect(changes[0]).toBe('NO-C-1, item SC-5 v1 via window, 2 materials');
    expect(changes[1]).toBe(
      `promised, promised due 2024-10-10 17:30 (5 working days), statutory due 2024-10-30 17:30 (20 working days), calendar ${hall.clockFor('h1').calendar.version}`,
    );
    expect(changes[2]).toBe('from market/w-m/clerk-m to tax/w-t/clerk-t: 职责调整, handover 2024-09-29 09:10');
    expect(changes[3]).toBe('TransferCase happened 2024-09-29 09:15, recorded 2024-09-30 09:00: 系统停机后补录');
    // an instant written in another offset keeps it visible
    expect(changes[4]).toBe('approaching (promisedLimit) for tax, due 2024-10-10 09:30 Z');
    expect(changes[5]).toBe('hearing 听证 (行政许可法 §45), applicant notified 2024-10-09 10:00');
  });

  it('given a global position, when the trail is read as of it, then it ends there', async () => {
    const { hall, first } = await givenCase();
    const trail = await trailOf(hall.store, 'C-1', { asOf: { position: first + 4 } });
    expect(trail.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted', 'CaseTransferred']);
  });

  it('given a business time, when the trail is read as of it, then it holds what had happened by then, inclusive', async () => {
    const { hall } = await givenCase();
    const trail = await trailOf(hall.store, 'C-1', { asOf: { occurredAt: T('2024-09-29T09:15') } });
    expect(trail.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted', 'CaseTransferred', 'LateEntryRecorded']);
    const before = await trailOf(hall.store, 'C-1', { asOf: { occurredAt: '2024-09-27T02:29:59Z' } });
    expect(before.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted']);
  });

  it('given a transfer entered late, when the trail is read as of a recording time between its business time and its recording, then the log did not hold it yet', async () => {
    const { hall } = await givenCase();
    const trail = await trailOf(hall.store, 'C-1', { asOf: { recordedAt: T('2024-09-29T12:00') } });
    expect(trail.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted']);
    const recorded = await trailOf(hall.store, 'C-1', { asOf: { recordedAt: T('2024-09-30T09:00') } });
    expect(recorded.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted', 'CaseTransferred', 'LateEntryRecorded']);
  });

  it('given an unknown case, when its trail is read, then it is empty', async () => {
    const trail = await trailOf((await createEngineHall()).store, 'nope');
    expect(trail.entries).toEqual([]);
    expect(formatTrail(trail)).toBe('nope (case-nope): 0 events');
  });

  it('given a case, when its trail is formatted, then it is one line per entry under a heading', async () => {
    const { hall, first } = await givenCase();
    const lines = formatTrail(await trailOf(hall.store, 'C-1')).split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('C-1 (case-C-1): 6 events');
    expect(lines[2]).toContain(`#1 @${first + 1}  2024-09-27T10:30:00+08:00  staff:clerk-m  w-m market  受理 accepted  — promised, promised due 2024-10-10 17:30`);
  });
});

describe('event labels', () => {
  it('label every event type of the registry in Chinese and English', () => {
    for (const type of eventTypes) {
      const label = eventLabels[type];
      expect(label, type).toBeDefined();
      expect(label.zh.trim(), type).not.toBe('');
      expect(label.en.trim(), type).not.toBe('');
    }
    expect(Object.keys(eventLabels).sort()).toEqual([...eventTypes].sort());
  });

  it('gives every event type its own English label', () => {
    const english = Object.values(eventLabels).map((l) => l.en);
    expect(new Set(english).size).toBe(english.length);
  });

  it('keeps an unknown type’s own name', () => {
    expect(labelOf('SomethingNew')).toEqual({ zh: 'SomethingNew', en: 'SomethingNew' });
  });
});
