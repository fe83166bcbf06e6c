import { parseInstant, type Actor, type CaseStatus } from '@banjian/core';
import fc from 'fast-check';
import { ADMIN, APPLICANT, type EngineHall } from './engine-hall.fixture';

/**
 * Random commands for property tests over the engine hall: the command a hall system would
 * plausibly send next for one of four cases in the state the case decider holds it (any of it may
 * be refused), or a hall-wide one (a calendar notice with recomputation, a complaint answered). Over every
 * command kind: submissions, corrections before and after acceptance, late notices, acceptance,
 * rejection, withdrawal, transfers, steps, joint review and deemed consent, suspensions,
 * extensions, decisions, completion, delivery, evaluations, 差评 handling, complaints, late entries.
 */
export const CASES = ['a', 'b', 'c', 'd'] as const;
const ITEMS = ['SC-5', 'SC-3', 'TX-5'] as const;
export const STARTS = ['2024-09-23T09:00:00+08:00', '2026-12-14T09:00:00+08:00', '2025-01-20T09:00:00+08:00'] as const;
const clerkOf = (departmentId: string | undefined): Actor => ({ kind: 'staff', id: departmentId === 'tax' ? 'clerk-t' : 'clerk-m' });
const approverOf = (departmentId: string | undefined): Actor => ({ kind: 'staff', id: departmentId === 'tax' ? 'approver-t' : 'approver-m' });
const SYSTEM: Actor = { kind: 'system', id: 'deadline-recompute' };

type Action =
  | 'submit' | 'correct' | 'supply' | 'accept' | 'reject' | 'withdraw' | 'transfer' | 'step' | 'joint' | 'opinion' | 'deemed'
  | 'suspend' | 'resume' | 'extend' | 'decide' | 'complete' | 'deliver' | 'evaluate' | 'triage' | 'contact' | 'complain' | 'answer'
  | 'adHocHoliday' | 'nextYear' | 'lateEntry';

/** What a hall would plausibly do next with a case in each state (any of it may still be refused). */
const NEXT: Record<CaseStatus, readonly Action[]> = {
  new: ['submit'],
  submitted: ['accept', 'accept', 'accept', 'correct', 'reject', 'withdraw'],
  awaitingCorrection: ['supply', 'supply', 'reject', 'withdraw'],
  accepted: ['step', 'transfer', 'joint', 'suspend', 'extend', 'correct', 'decide', 'complete', 'withdraw', 'lateEntry', 'complain'],
  inProgress: ['step', 'transfer', 'joint', 'opinion', 'deemed', 'suspend', 'extend', 'correct', 'decide', 'decide', 'complete', 'lateEntry', 'complain'],
  suspended: ['resume', 'resume', 'supply', 'supply', 'extend', 'withdraw'],
  decided: ['complete', 'complete', 'complete', 'extend'],
  completed: ['deliver', 'evaluate', 'evaluate', 'complain'],
  delivered: ['evaluate', 'triage', 'contact', 'complain'],
  rejected: ['submit'],
  withdrawn: ['submit'],
};
const GLOBAL: readonly (Action | undefined)[] = ['adHocHoliday', 'nextYear', 'answer', 'answer'];

export const step = fc.record({
  /** Minutes the clock moves on before the action: from a moment to about a fortnight. */
  minutes: fc.oneof(fc.integer({ min: 1, max: 240 }), fc.integer({ min: 240, max: 20_000 })),
  pick: fc.nat(),
  global: fc.integer({ min: 0, max: 24 }),
  caseIndex: fc.integer({ min: 0, max: CASES.length - 1 }),
  item: fc.constantFrom(...ITEMS),
  days: fc.integer({ min: 1, max: 6 }),
  check: fc.boolean(),
});

export const isoAfter = (iso: string, minutes: number): string => {
  const ms = parseInstant(iso) + minutes * 60_000;
  // wall time in +08:00 (the hall's zone has no daylight saving)
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
};

/** One random action as the command a hall system would send for that case now (refusals are part of the game). */
export const act = async (hall: EngineHall, s: { pick: number; global: number; caseIndex: number; item: string; days: number }, at: string, state: { complaints: number; year: number; evaluations: number }) => {
  const caseId = CASES[s.caseIndex]!;
  const core = await hall.coreState(caseId);
  const next = NEXT[core.status];
  const action = GLOBAL[s.global] ?? next[s.pick % next.length]!;
  const dept = core.holder?.departmentId ?? (core.itemCode?.startsWith('TX') ? 'tax' : 'market');
  const clerk = clerkOf(dept);
  const send = (type: string, data: Record<string, unknown>, actor: Actor = clerk) => hall.attempt(type, { caseId, ...data }, actor, at);
  switch (action) {
    case 'submit':
      return send('SubmitApplication', {
        caseNo: `NO-${caseId}`, hallId: 'h1', itemCode: s.item, channel: 'window', applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['申请书'],
      }, clerkOf(s.item.startsWith('TX') ? 'tax' : 'market'));
    case 'correct':
      return send('RequestCorrection', { missing: ['身份证复印件'], legalBasis: '行政许可法 §32' });
    case 'supply':
      return send('SupplyCorrection', { materials: ['身份证复印件'] });
    case 'accept':
      return send('AcceptCase', { windowId: dept === 'tax' ? 'w-t' : 'w-m', staffId: clerk.id });
    case 'reject':
      return send('RejectCase', { reason: '不属于受理范围', legalBasis: '行政许可法 §32(一)' });
    case 'withdraw':
      return send('WithdrawCase', { reason: '申请人撤回' }, APPLICANT(`p-${caseId}`));
    case 'transfer': {
      const to = dept === 'tax' ? { departmentId: 'market', windowId: 'w-m', staffId: 'clerk-m' } : { departmentId: 'tax', windowId: 'w-t', staffId: 'clerk-t' };
      return send('TransferCase', { to, reason: '职责调整', handoverAt: at });
    }
    case 'step':
      return send('CompleteStep', { step: '审查', action: 'pass' });
    case 'joint':
      return send('RequestJointReview', { departmentIds: [dept === 'tax' ? 'market' : 'tax'], replyDueAt: isoAfter(at, s.days * 24 * 60) });
    case 'opinion': {
      const other = dept === 'tax' ? 'market' : 'tax';
      return send('ReturnJointOpinion', { departmentId: other, opinion: 'consent' }, clerkOf(other));
    }
    case 'deemed':
      return send('ApplyDeemedConsent', { departmentId: dept === 'tax' ? 'market' : 'tax', policy: 'silenceIsConsent' }, SYSTEM);
    case 'suspend':
      return send('SuspendClock', { procedure: 'expertReview', legalBasis: '行政许可法 §45' });
    case 'resume':
      return send('ResumeClock', {});
    case 'extend': {
      const approver = approverOf(dept);
      return send('ExtendTimeLimit', { by: { value: s.days, unit: 'workingDays' }, approvedBy: approver.id, reason: '情况复杂', requestedAt: at }, approver);
    }
    case 'decide':
      return send('MakeDecision', { outcome: 'approved' });
    case 'complete':
      return send('CompleteCase', { result: 'issued' });
    case 'deliver':
      return send('DeliverResult', { method: 'window' });
    case 'evaluate':
      return send('SubmitEvaluation', { evaluationId: `${caseId}-e${++state.evaluations}`, level: s.days <= 2 ? 1 : 5, channel: 'mobile', round: 'first', realName: false }, APPLICANT(`p-${caseId}`));
    case 'triage': {
      const id = Object.keys(core.evaluations)[0];
      return id ? send('TriageBadReview', { evaluationId: id, valid: true }) : undefined;
    }
    case 'contact': {
      const id = Object.keys(core.evaluations)[0];
      return id ? send('ReplyBadReview', { evaluationId: id }) : undefined;
    }
    case 'complain': {
      const complaintId = `q${++state.complaints}`;
      // registered at the complaints desk by staff (投诉登记)
      return hall.attempt('FileComplaint', { complaintId, hallId: 'h1', channel: 'window', subject: { kind: 'department', id: dept } }, clerk, at);
    }
    case 'answer':
      return state.complaints > 0 ? hall.attempt('AnswerComplaint', { complaintId: `q${state.complaints}`, resolution: '已答复' }, clerk, at) : undefined;
    case 'adHocHoliday':
    case 'nextYear': {
      const year = action === 'nextYear' ? parseInt(at.slice(0, 4), 10) + 1 : parseInt(at.slice(0, 4), 10);
      const date = action === 'nextYear' ? `${year}-01-0${s.days}` : isoAfter(at, s.days * 24 * 60).slice(0, 10);
      if (date.slice(0, 4) !== String(year)) return undefined;
      const published = await hall.attempt('PublishCalendar', { calendarId: 'cn', year, papers: [`https://www.gov.cn/notice-${year}-${++state.year}`], days: [{ date, isOffDay: true, name: '调整' }] }, ADMIN, at);
      // the hall recomputes every open case after a notice (spec §4), as `recomputeOpenDeadlines` does
      for (const other of CASES) await hall.attempt('RecomputeDeadline', { caseId: other, reason: `calendar ${year}` }, SYSTEM, at);
      return published;
    }
    case 'lateEntry':
      return send('RecordLateEntry', { reason: '系统故障期间线下办理', entry: { type: 'CompleteStep', data: { caseId, step: '核查', action: 'pass' } } }, approverOf(dept));
  }
};

