import { isRight } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import { actors } from '../org/hall.fixture';
import { exportEventLog } from '../interchange/export';
import { importEventLog } from '../interchange/import';
import { createInMemoryEventStore } from '../store/memory';
import { application, t } from './case.fixture';
import { errorOf, hallOnSimulatedTime } from './hall-engine.fixture';

/** A case of `itemCode` submitted and accepted at the market window on Mon 2025-03-03 (I1 immediate 即办件, P1 promised 5 working days). */
const acceptedCaseOf = async (itemCode: 'I1' | 'P1') => {
  const hall = hallOnSimulatedTime(t('2025-03-03', '09:30'));
  await hall.run('SubmitApplication', application(itemCode), actors.market);
  hall.clock.set(t('2025-03-03', '10:00'));
  await hall.run('AcceptCase', { windowId: 'w-market', staffId: 's-market' }, actors.market);
  return hall;
};
const acceptedImmediateCase = () => acceptedCaseOf('I1');

const completion = { result: 'issued' };

describe('business time is bounded by the engine clock (issue 9 item 4)', () => {
  it('given a submitted case, when an acceptance dated 2099 is sent, then businessTime.notAhead and the case stays submitted', async () => {
    const hall = hallOnSimulatedTime(t('2025-03-03', '09:30'));
    await hall.run('SubmitApplication', application('I1'), actors.market);
    const error = errorOf(await hall.send('AcceptCase', { windowId: 'w-market', staffId: 's-market' }, actors.market, t('2099-03-03', '10:00')));
    expect(error).toMatchObject({ kind: 'businessTime', rule: 'businessTime.notAhead', command: 'AcceptCase', field: 'metadata.at' });
    hall.clock.set(t('2025-03-03', '10:00'));
    await hall.run('AcceptCase', { windowId: 'w-market', staffId: 's-market' }, actors.market);
  });

  it('given a case accepted on 2025-03-03, when a completion dated 2025-03-07 is sent on 2025-04-07, then businessTime.notBehind says to record a late entry', async () => {
    const hall = await acceptedImmediateCase();
    hall.clock.set(t('2025-04-07', '10:00'));
    const error = errorOf(await hall.send('CompleteCase', completion, actors.market, t('2025-03-07', '10:00')));
    expect(error).toMatchObject({ kind: 'businessTime', rule: 'businessTime.notBehind', command: 'CompleteCase', declared: t('2025-03-07', '10:00'), now: t('2025-04-07', '10:00') });
    expect(error.message).toContain('RecordLateEntry');
  });

  it('given a transfer whose handoverAt is a day before the command, when sent, then businessTime.notBehind names data.handoverAt', async () => {
    const hall = await acceptedImmediateCase();
    hall.clock.set(t('2025-03-04', '10:00'));
    const error = errorOf(await hall.send('TransferCase', { to: { departmentId: 'tax' }, reason: '涉税', handoverAt: t('2025-03-03', '10:30') }, actors.market));
    expect(error).toMatchObject({ rule: 'businessTime.notBehind', field: 'data.handoverAt' });
  });
});

describe('a late entry 补录 keeps both times, names its reason and who sent it', () => {
  it('given the completion of 2025-03-07 entered on 2025-04-07 by the market approver, then CaseCompleted happened on 03-07, was recorded on 04-07, and LateEntryRecorded follows', async () => {
    const hall = await acceptedImmediateCase();
    hall.clock.set(t('2025-04-07', '10:00'));
    const late = { entry: { type: 'CompleteCase', data: { caseId: 'c1', ...completion } }, reason: '系统故障，纸质办结单补录' };
    const { events } = await hall.run('RecordLateEntry', late, actors.approver, t('2025-03-07', '10:00'));
    expect(events.map((e) => [e.type, e.occurredAt, e.recordedAt, e.actor.id])).toEqual([
      ['CaseCompleted', t('2025-03-07', '10:00'), t('2025-04-07', '10:00'), 'approver-market'],
      ['LateEntryRecorded', t('2025-03-07', '10:00'), t('2025-04-07', '10:00'), 'approver-market'],
    ]);
    expect(events[1]!.data).toEqual({
      caseId: 'c1', command: 'CompleteCase', declaredAt: t('2025-03-07', '10:00'), recordedAt: t('2025-04-07', '10:00'), reason: '系统故障，纸质办结单补录',
    });
  });

  it('given a late entry, when the log is exported and imported into another store, then both times are kept exactly as recorded', async () => {
    const hall = await acceptedImmediateCase();
    hall.clock.set(t('2025-04-07', '10:00'));
    await hall.run('RecordLateEntry', { entry: { type: 'CompleteCase', data: { caseId: 'c1', ...completion } }, reason: '补录' }, actors.approver, t('2025-03-07', '10:00'));
    const lines: string[] = [];
    for await (const line of exportEventLog(hall.store)) lines.push(line);
    const target = createInMemoryEventStore({ now: () => '2030-01-01T00:00:00Z' });
    expect(isRight(await importEventLog(target, lines))).toBe(true);
    const times = (events: readonly { type: string; occurredAt: string; recordedAt: string }[]) => events.map((e) => [e.type, e.occurredAt, e.recordedAt]);
    expect(times(await target.readStream('case-c1'))).toEqual(times(await hall.store.readStream('case-c1')));
    expect(times(await target.readStream('case-c1')).at(-1)).toEqual(['LateEntryRecorded', t('2025-03-07', '10:00'), t('2025-04-07', '10:00')]);
  });

  it('given window staff, when they send a late entry, then auth.lateEntry.role; an approver of another department gets auth.lateEntry.ownDepartment', async () => {
    const hall = await acceptedImmediateCase();
    hall.clock.set(t('2025-04-07', '10:00'));
    const late = { entry: { type: 'CompleteCase', data: { caseId: 'c1', ...completion } }, reason: '补录' };
    expect(errorOf(await hall.send('RecordLateEntry', late, actors.market, t('2025-03-07', '10:00')))).toMatchObject({ kind: 'forbidden', rule: 'auth.lateEntry.role', command: 'RecordLateEntry' });
    expect(errorOf(await hall.send('RecordLateEntry', late, actors.approver2, t('2025-03-07', '10:00')))).toMatchObject({ kind: 'forbidden', rule: 'auth.lateEntry.ownDepartment' });
  });

  it('given a late entry dated before the stream’s previous event, then businessTime.notBeforePreviousEvent', async () => {
    const hall = await acceptedImmediateCase();
    hall.clock.set(t('2025-04-07', '10:00'));
    const late = { entry: { type: 'CompleteCase', data: { caseId: 'c1', ...completion } }, reason: '补录' };
    expect(errorOf(await hall.send('RecordLateEntry', late, actors.approver, t('2025-03-03', '09:59')))).toMatchObject({
      rule: 'businessTime.notBeforePreviousEvent', previousAt: t('2025-03-03', '10:00'),
    });
  });

  it('given a late entry whose command the rules refuse at its declared time, then that refusal comes back and nothing is appended', async () => {
    const hall = await acceptedImmediateCase();
    hall.clock.set(t('2025-04-07', '10:00'));
    const late = { entry: { type: 'DeliverResult', data: { caseId: 'c1', method: 'window' } }, reason: '补录' };
    expect(errorOf(await hall.send('RecordLateEntry', late, actors.approver, t('2025-03-07', '10:00')))).toMatchObject({ rule: 'deliver.onlyWhenCompleted' });
    expect((await hall.store.readStream('case-c1')).map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted']);
  });

  it('given an extension sent as a late entry, then lateEntry.extension.recordedWhenRequested: an extension is judged by when it is recorded', async () => {
    const hall = await acceptedCaseOf('P1');
    hall.clock.set(t('2025-03-24', '10:00'));
    const extension = { caseId: 'c1', by: { value: 5, unit: 'workingDays' }, approvedBy: 'approver-market', reason: '情况复杂' };
    expect(errorOf(await hall.send('RecordLateEntry', { entry: { type: 'ExtendTimeLimit', data: extension }, reason: '补录' }, actors.approver, t('2025-03-07', '10:00')))).toMatchObject({
      rule: 'lateEntry.extension.recordedWhenRequested',
    });
    // Ten days after the due time with requestedAt back-dated: refused, so a red card cannot be turned back to normal.
    expect(errorOf(await hall.send('ExtendTimeLimit', { ...extension, requestedAt: t('2025-03-07', '10:00') }, actors.approver))).toMatchObject({ rule: 'businessTime.notBehind', field: 'data.requestedAt' });
  });

  it('given a late entry with an empty reason or wrapping another late entry, then the boundary refuses it naming the field', async () => {
    const hall = await acceptedImmediateCase();
    const entry = { type: 'CompleteCase', data: { caseId: 'c1', ...completion } };
    expect(errorOf(await hall.send('RecordLateEntry', { entry, reason: ' ' }, actors.approver))).toMatchObject({ kind: 'decode', field: 'data.reason' });
    const nested = { entry: { type: 'RecordLateEntry', data: { caseId: 'c1', entry, reason: 'r' } }, reason: 'r' };
    expect(errorOf(await hall.send('RecordLateEntry', nested, actors.approver))).toMatchObject({ kind: 'decode', field: 'data.entry.type' });
    expect(errorOf(await hall.send('RecordLateEntry', { entry: { type: 'CompleteCase', data: { caseId: 'c1', result: 'nope' } }, reason: 'r' }, actors.approver))).toMatchObject({ kind: 'decode' });
  });
});

describe('an extension is approved by whoever records it (行政许可法 §42)', () => {
  it('given an approver recording an extension approved by another approver, then extend.approvedBy.recordingActor', async () => {
    const hall = await acceptedCaseOf('P1');
    hall.clock.set(t('2025-03-05', '10:00'));
    const data = { by: { value: 5, unit: 'workingDays' }, approvedBy: 'approver-tax', reason: '情况复杂' };
    expect(errorOf(await hall.send('ExtendTimeLimit', data, actors.approver))).toMatchObject({ kind: 'invalidCommand', rule: 'extend.approvedBy.recordingActor' });
    const { events } = await hall.run('ExtendTimeLimit', { ...data, approvedBy: 'approver-market' }, actors.approver);
    expect(events[0]!.data).toMatchObject({ approvedBy: 'approver-market', requestedAt: t('2025-03-05', '10:00') });
  });
});

