import { caseStream, createInMemoryEventStore, eventTypes, GENESIS_HASH, type Actor, type EventToAppend } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { eventLabels, formatTrail, labelOf, trailOf } from './index';

const clerk: Actor = { kind: 'staff', id: 'staff-7', windowId: 'W3', departmentId: 'D-market' };
const system: Actor = { kind: 'system', id: 'scheduler' };

const ev = (type: string, data: Record<string, unknown>, occurredAt: string, actor: Actor = clerk): EventToAppend =>
  ({ type, data: { caseId: 'C-1', ...data }, occurredAt, actor }) as EventToAppend;

const submitted = ev('ApplicationSubmitted', {
  caseNo: 'NO-1', hallId: 'H1', itemCode: 'ITEM-9', channel: 'window',
  applicant: { type: 'person', ref: 'p-1' }, materials: ['申请表', '身份证'],
}, '2024-09-27T10:00:00+08:00');
const accepted = ev('CaseAccepted', {
  hallId: 'H1', windowId: 'W3', departmentId: 'D-market', staffId: 'staff-7', kind: 'promised',
  limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } },
  calendarVersion: 'cn@2024', promisedDueAt: '2024-10-09T17:30:00+08:00', statutoryDueAt: '2024-11-05T17:30:00+08:00', provisional: false,
}, '2024-09-27T10:30:00+08:00');
const transferred = ev('CaseTransferred', {
  from: { departmentId: 'D-market', windowId: 'W3' }, to: { departmentId: 'D-health' }, reason: '职责调整',
  handoverAt: '2024-09-29T09:10:00+08:00',
}, '2024-09-29T09:15:00+08:00');
const suspended = ev('ClockSuspended', {
  procedure: 'hearing', legalBasis: '行政许可法 §45', applicantNotifiedAt: '2024-10-08T10:00:00+08:00',
}, '2024-10-08T10:00:00+08:00');
const alert = ev('AlertRaised', {
  alertId: 'a-1', rule: 'promised', level: 'approaching', dueAt: '2024-10-09T17:30:00Z', departmentId: 'D-health',
}, '2024-10-09T09:00:00+08:00', system);

/** A store whose clock stamps `recordedAt` one minute apart from 2024-10-10 09:00 (+08:00). */
const givenStore = () => {
  let minute = 0;
  return createInMemoryEventStore({ now: () => new Date(Date.UTC(2024, 9, 10, 1, minute++)).toISOString() });
};

const givenCase = async () => {
  const store = givenStore();
  await store.appendToStream(caseStream('C-1'), [submitted, accepted]);
  await store.appendToStream(caseStream('C-2'), [{ ...submitted, data: { ...submitted.data, caseId: 'C-2' } } as EventToAppend]);
  await store.appendToStream(caseStream('C-1'), [transferred, suspended, alert]);
  return store;
};

describe('audit trail', () => {
  it('lists only the case stream, in stream order, with global positions and the hash chain', async () => {
    // given a case whose events interleave with another case's
    const store = await givenCase();
    // when
    const trail = await trailOf(store, 'C-1');
    // then
    expect(trail.streamId).toBe('case-C-1');
    expect(trail.entries.map((e) => e.streamPosition)).toEqual([0, 1, 2, 3, 4]);
    expect(trail.entries.map((e) => e.globalPosition)).toEqual([1, 2, 4, 5, 6]);
    expect(trail.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted', 'CaseTransferred', 'ClockSuspended', 'AlertRaised']);
    expect(trail.entries[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < trail.entries.length; i++) expect(trail.entries[i]!.prevHash).toBe(trail.entries[i - 1]!.hash);
    expect(trail.entries.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
  });

  it('names time, actor, window, department and labels for each entry', async () => {
    const store = await givenCase();
    const [first, , , , raised] = (await trailOf(store, 'C-1')).entries;
    expect(first).toMatchObject({
      occurredAt: '2024-09-27T10:00:00+08:00',
      recordedAt: '2024-10-10T01:00:00.000Z',
      actor: { kind: 'staff', id: 'staff-7' },
      windowId: 'W3',
      departmentId: 'D-market',
      label: { zh: '申请/收件', en: 'application submitted' },
    });
    // a system actor names no window: the alert's own department stands in
    expect(raised).toMatchObject({ actor: { kind: 'system', id: 'scheduler' }, departmentId: 'D-health', label: { zh: '预警', en: 'alert raised' } });
    expect(raised!.windowId).toBeUndefined();
  });

  it('says what changed in one readable line', async () => {
    const store = await givenCase();
    const changes = (await trailOf(store, 'C-1')).entries.map((e) => e.change);
    expect(changes[0]).toBe('NO-1, item ITEM-9 via window, 2 materials');
    expect(changes[1]).toBe(
      'promised, promised due 2024-10-09 17:30 (5 working days), statutory due 2024-11-05 17:30 (20 working days), calendar cn@2024',
    );
    expect(changes[2]).toBe('from D-market/W3 to D-health: 职责调整, handover 2024-09-29 09:10');
    expect(changes[3]).toBe('hearing 听证 (行政许可法 §45), applicant notified 2024-10-08 10:00');
    // an instant written in another offset keeps it visible
    expect(changes[4]).toBe('approaching (promised) for D-health, due 2024-10-09 17:30 Z');
  });

  it('shows the trail as of a global position', async () => {
    const store = await givenCase();
    const trail = await trailOf(store, 'C-1', { asOf: { position: 4 } });
    expect(trail.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted', 'CaseTransferred']);
  });

  it('shows the trail as of a business time, inclusive', async () => {
    const store = await givenCase();
    const trail = await trailOf(store, 'C-1', { asOf: { occurredAt: '2024-09-29T09:15:00+08:00' } });
    expect(trail.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted', 'CaseTransferred']);
    const before = await trailOf(store, 'C-1', { asOf: { occurredAt: '2024-09-27T02:29:59Z' } });
    expect(before.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted']);
  });

  it('shows the trail as the log held it at a recording time', async () => {
    const store = await givenCase();
    // recorded at 09:00, 09:01, (C-2 at 09:02), 09:03, … local time
    const trail = await trailOf(store, 'C-1', { asOf: { recordedAt: '2024-10-10T09:02:30+08:00' } });
    expect(trail.entries).toHaveLength(2);
  });

  it('gives an empty trail for an unknown case', async () => {
    const trail = await trailOf(givenStore(), 'nope');
    expect(trail.entries).toEqual([]);
    expect(formatTrail(trail)).toBe('nope (case-nope): 0 events');
  });

  it('formats one line per entry', async () => {
    const store = await givenCase();
    const text = formatTrail(await trailOf(store, 'C-1'));
    const lines = text.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('C-1 (case-C-1): 5 events');
    expect(lines[2]).toContain('#1 @2  2024-09-27T10:30:00+08:00  staff:staff-7  W3 D-market  受理 accepted  — promised, promised due 2024-10-09 17:30');
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
