import { chinaCalendar, createWorkClock, parseInstant, type StoredEvent } from '@banjian/core';
import { caseScript, registerHall, workingDayLimits } from '../golden/case-script';
import { createLogWriter } from '../golden/log-writer';

const clock = createWorkClock({ calendar: chinaCalendar() });
const t = (local: string) => parseInstant(`${local}:00+08:00`);
const desk = (n: number) => ({ departmentId: `dept-${n}`, windowId: `win-${n}`, staffId: `staff-${n}` });

/**
 * Every kind of event on either side of any split: cases spanning it, context (a hall, an item
 * revision, a calendar) late in the log, evaluations, bad reviews, appeals, follow-ups, alerts and
 * complaint answers of earlier cases, a transfer, a case whose log holds no submission, a rejected
 * one, and one with the rarer facts (investment, corrections, joint review, extension, escalation,
 * an approved amount, a bad review rectified before its triage, called back, its appeal decided).
 */
export const mixedLog = async (): Promise<StoredEvent[]> => {
  const w = createLogWriter();
  registerHall(w, clock, { hallId: 'city', name: '市中心', level: 'city', desks: [desk(1), desk(2)], at: t('2024-01-02T08:00') });
  for (let i = 0; i < 8; i++) {
    const day = `2024-03-${String(4 + i).padStart(2, '0')}`;
    const id = `c${i}`;
    const c = caseScript(w, clock, { caseId: id, hallId: 'city', itemCode: `I${i % 3}` })
      .submit(t(`${day}T09:00`))
      .accept(t(`${day}T09:30`), desk(1 + (i % 2)), 'promised', workingDayLimits(10, 3));
    if (i % 3 === 0) c.transfer(t(`${day}T10:00`), desk(1), desk(2));
    if (i % 4 === 1) c.suspend(t(`${day}T10:30`)).resume(t(`${day}T15:00`));
    c.complete(t(`2024-03-${String(12 + i).padStart(2, '0')}T16:00`)).evaluate(t(`2024-03-${String(12 + i).padStart(2, '0')}T16:10`), `e${i}`, i % 3 === 0 ? 2 : 5);
    if (i % 3 === 0) {
      w.add(`case-${id}`, 'BadReviewTriaged', { caseId: id, evaluationId: `e${i}`, valid: true, assignee: 'staff-1', dueAt: clock.toInstant(t('2024-03-29T17:00')) }, clock.toInstant(t(`2024-03-${String(13 + i).padStart(2, '0')}T09:00`)));
      w.add(`case-${id}`, 'EvaluationAppealed', { caseId: id, evaluationId: `e${i}`, reason: '误评' } as never, clock.toInstant(t(`2024-03-${String(13 + i).padStart(2, '0')}T10:00`)));
    }
    if (i % 2 === 0) c.followUp(t(`2024-03-${String(14 + i).padStart(2, '0')}T11:00`));
    if (i % 2 === 1) {
      w.add(`case-${id}`, 'AlertRaised', { caseId: id, alertId: `a${i}`, rule: 'approaching', level: 'approaching', dueAt: clock.toInstant(t('2024-03-20T17:00')), departmentId: 'dept-1' } as never, clock.toInstant(t(`${day}T12:00`)));
      w.add(`case-${id}`, 'AlertCleared', { caseId: id, alertId: `a${i}` } as never, clock.toInstant(t(`2024-03-${String(12 + i).padStart(2, '0')}T12:00`)));
    }
  }
  w.add('complaint-k1', 'ComplaintFiled', { complaintId: 'k1', hallId: 'city', channel: 'phone', subject: { kind: 'window', id: 'win-1' }, answerDueAt: clock.toInstant(t('2024-03-20T17:30')) }, clock.toInstant(t('2024-03-05T10:00')));
  w.add('complaint-k1', 'ComplaintAnswered', { complaintId: 'k1', resolution: '已答复' }, clock.toInstant(t('2024-03-18T10:00')));
  w.add('consultation-1', 'ConsultationRecorded', { consultationId: 'q1', hallId: 'city', windowId: 'win-1', topic: '办事指南' } as never, clock.toInstant(t('2024-03-06T10:00')));
  registerHall(w, clock, { hallId: 'town', name: '乡镇', level: 'township', parentId: 'city', desks: [desk(3)], at: t('2024-03-13T08:00') });
  // a case whose submission this log does not hold (a partial import), met first in the middle
  w.add('case-orphan', 'CaseAccepted', {
    caseId: 'orphan', hallId: 'city', ...desk(1), kind: 'promised', limits: workingDayLimits(10, 3), calendarVersion: clock.calendar.version,
    promisedDueAt: clock.toInstant(t('2024-03-15T17:30')), statutoryDueAt: clock.toInstant(t('2024-03-25T17:30')), provisional: false,
  }, clock.toInstant(t('2024-03-11T10:00')));
  w.add('case-orphan', 'CaseCompleted', { caseId: 'orphan', result: 'issued' }, clock.toInstant(t('2024-03-19T10:00')));
  const rich = caseScript(w, clock, { caseId: 'rich', hallId: 'city', itemCode: 'I1' })
    .submit(t('2024-03-06T09:00'), { channel: 'online', investment: { amount: 1200000, currency: 'CNY' } })
    .requestCorrection(t('2024-03-06T09:10'))
    .supplyCorrection(t('2024-03-06T11:00'))
    .accept(t('2024-03-06T14:00'), desk(2), 'joint', workingDayLimits(20, 10))
    .jointReview(t('2024-03-07T09:00'), ['dept-1', 'dept-3'], t('2024-03-12T17:00'))
    .jointOpinion(t('2024-03-08T10:00'), 'dept-1')
    .deemedConsent(t('2024-03-13T09:00'), 'dept-3', t('2024-03-12T17:00'))
    .extend(t('2024-03-14T09:00'), { value: 5, unit: 'workingDays' })
    .escalate(t('2024-03-15T09:00'))
    .decide(t('2024-03-18T09:00'), 'approved', { amount: 800000, currency: 'CNY' })
    .complete(t('2024-03-18T10:00'))
    .deliver(t('2024-03-19T10:00'))
    .evaluate(t('2024-03-19T11:00'), 'e-rich', 1, 'mobile');
  caseScript(w, clock, { caseId: 'rejected', hallId: 'city', itemCode: 'I2' }).submit(t('2024-03-07T09:00')).reject(t('2024-03-07T10:00'));
  const richAt = (local: string) => clock.toInstant(t(local));
  w.add('case-rich', 'BadReviewRectified', { caseId: 'rich', evaluationId: 'e-rich', measures: '整改' }, richAt('2024-03-19T15:00'));
  w.add('case-rich', 'BadReviewTriaged', { caseId: 'rich', evaluationId: 'e-rich', valid: true }, richAt('2024-03-20T09:00'));
  w.add('case-rich', 'BadReviewReplied', { caseId: 'rich', evaluationId: 'e-rich' }, richAt('2024-03-20T10:00'));
  w.add('case-rich', 'BadReviewCalledBack', { caseId: 'rich', evaluationId: 'e-rich', satisfied: false }, richAt('2024-03-21T10:00'));
  w.add('case-rich', 'EvaluationAppealed', { caseId: 'rich', evaluationId: 'e-rich', reason: '恶意' }, richAt('2024-03-21T11:00'));
  w.add('case-rich', 'EvaluationAppealDecided', { caseId: 'rich', evaluationId: 'e-rich', outcome: 'malicious' } as never, richAt('2024-03-22T11:00'));
  rich.followUp(t('2024-03-22T15:00'));
  const store = await w.flush();
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
};

