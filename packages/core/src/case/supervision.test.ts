import { describe, expect, it } from 'vitest';
import { actors } from '../org/hall.fixture';
import { acceptedCase, events, refusal, t } from './case.fixture';

const alert = (alertId: string, level: 'approaching' | 'overdue' | 'yellowCard' | 'redCard', rule = 'promisedLimit') => ({
  alertId, level, rule, dueAt: t('2025-10-13', '17:30'), departmentId: 'market',
});

describe('supervision alerts 预警/黄牌/红牌', () => {
  it('given an open case, when an alert is raised and cleared, then it is open and then gone', () => {
    const h = acceptedCase();
    h.run('RaiseAlert', alert('a1', 'approaching'), actors.system);
    expect(Object.keys(h.state().openAlerts)).toEqual(['a1']);
    h.run('ClearAlert', { alertId: 'a1' }, actors.system);
    expect(h.state().openAlerts).toEqual({});
  });

  it('given an open alert of a level, when another of the same level is raised, then conflict alert.level.noDuplicateOpen and no events', () => {
    const h = acceptedCase();
    h.run('RaiseAlert', alert('a1', 'overdue'), actors.system);
    expect(refusal(h.attempt('RaiseAlert', alert('a2', 'overdue'), actors.system))).toMatchObject({ kind: 'conflict', rule: 'alert.level.noDuplicateOpen', caseId: 'c1' });
    expect(events(h.attempt('RaiseAlert', alert('a2', 'yellowCard'), actors.system))).toHaveLength(1);
  });

  it('given an open overdue alert of the promised limit, when the statutory limit is overdue too, then its own overdue alert is raised (one open alert per level and rule)', () => {
    const h = acceptedCase();
    h.run('RaiseAlert', alert('a1', 'overdue'), actors.system);
    expect(events(h.attempt('RaiseAlert', alert('a2', 'overdue', 'statutoryLimit'), actors.system))).toHaveLength(1);
  });

  it('given an unknown alert, when cleared, then notFound alert.clear.open', () => {
    expect(refusal(acceptedCase().attempt('ClearAlert', { alertId: 'zz' }, actors.system))).toMatchObject({ kind: 'notFound', rule: 'alert.clear.open' });
  });

  it('given a completed case, when an alert is raised, then illegalTransition alert.raise.onlyWhenOpen', () => {
    const h = acceptedCase({}, 'I1');
    h.run('CompleteCase', { result: 'issued' });
    expect(refusal(h.attempt('RaiseAlert', alert('a1', 'overdue'), actors.system))).toMatchObject({ kind: 'illegalTransition', rule: 'alert.raise.onlyWhenOpen' });
  });
});

describe('compensating corrections 更正', () => {
  it('given an event in the stream, when corrected, then CorrectionRecorded refers to it and nothing is edited', () => {
    const h = acceptedCase();
    const before = h.state().eventIds;
    h.run('RecordCorrection', { corrects: 'e-2', fields: { receiptNo: 'R-2' }, reason: '受理单号录入错误' });
    expect(h.state().corrections).toEqual([{ corrects: 'e-2', fields: { receiptNo: 'R-2' }, reason: '受理单号录入错误' }]);
    expect(h.state().eventIds).toEqual([...before, 'e-3']);
  });

  it('given an event id not in the stream, when corrected, then notFound correction.eventExists', () => {
    expect(refusal(acceptedCase().attempt('RecordCorrection', { corrects: 'e-99', fields: { a: 1 }, reason: 'r' }))).toMatchObject({ kind: 'notFound', rule: 'correction.eventExists' });
  });

  it('given no fields, when corrected, then invalidCommand correction.fields.nonEmpty', () => {
    expect(refusal(acceptedCase().attempt('RecordCorrection', { corrects: 'e-1', fields: {}, reason: 'r' }))).toMatchObject({ kind: 'invalidCommand', rule: 'correction.fields.nonEmpty' });
  });
});
