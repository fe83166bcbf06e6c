import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClockResolver } from '../org/clocks';
import { actors, hallDirectory, HALL } from '../org/hall.fixture';
import { MONDAY, t } from './case.fixture';
import { createCaseEvolve } from './evolve';
import { initialCaseState, type CaseEvent, type CaseState } from './state';

const evolve = createCaseEvolve();

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

// Small pools of ids, so that later events meet the evaluations, alerts and departments earlier ones made.
const id = (prefix: string) => fc.constantFrom(`${prefix}1`, `${prefix}2`);
const instant = fc.integer({ min: 0, max: 20 * 24 * 60 }).map((minutes) => new Date(Date.UTC(2025, 8, 29, 1) + minutes * 60_000).toISOString());
const limit = fc.record({ value: fc.integer({ min: 1, max: 20 }), unit: fc.constantFrom('workingDays' as const, 'naturalDays' as const) });
const holder = fc.record({ departmentId: id('d'), windowId: id('w'), staffId: id('s') });
const dueTimes = fc.record({ promisedDueAt: instant, statutoryDueAt: instant, calendarVersion: fc.constant('cn-2025') });
const event = <K extends CaseEvent['type']>(type: K, data: fc.Arbitrary<Record<string, unknown>>) =>
  data.map((d) => ({ type, data: { caseId: 'c1', ...d } }) as CaseEvent);

/** Any case event evolve folds, with data of the stored shape (not necessarily what a decider would emit). */
const caseEvent: fc.Arbitrary<CaseEvent> = fc.oneof(
  event('ApplicationSubmitted', fc.record({
    caseNo: fc.constant('BJ-1'), hallId: fc.constant(HALL), itemCode: fc.constant('P1'), channel: fc.constant('window'),
    applicant: fc.record({ type: fc.constant('person'), ref: id('p') }), materials: fc.constant([]),
  }, { requiredKeys: ['caseNo', 'hallId', 'itemCode', 'channel', 'applicant', 'materials'] }).chain((d) =>
    fc.record({ itemVersion: fc.integer({ min: 1, max: 3 }), agentId: id('a') }, { requiredKeys: [] }).map((o) => ({ ...d, ...o })))),
  event('CorrectionRequested', fc.record({ missing: fc.array(fc.constantFrom('身份证', '申请表'), { maxLength: 2 }) })),
  event('CorrectionSupplied', fc.record({ materials: fc.constant(['身份证']) })),
  event('CaseAccepted', fc.record({
    hallId: fc.constant(HALL), windowId: id('w'), departmentId: id('d'), staffId: id('s'), kind: fc.constant('promised'),
    limits: fc.record({ statutory: limit, promised: limit }), calendarVersion: fc.constant('cn-2025'),
    promisedDueAt: instant, statutoryDueAt: instant, provisional: fc.boolean(),
  })),
  event('CaseRejected', fc.record({ reason: fc.constant('材料虚假'), legalBasis: fc.constant('§32') })),
  event('CaseWithdrawn', fc.record({ reason: fc.constant('') })),
  event('CaseTransferred', fc.record({ from: holder, to: holder, reason: fc.constant('职能调整'), handoverAt: instant })),
  event('StepCompleted', fc.record({ step: fc.constant('审查'), action: fc.constant('pass') })),
  event('JointReviewRequested', fc.record({ departmentIds: fc.uniqueArray(id('d'), { maxLength: 2 }), replyDueAt: instant })),
  event('JointOpinionReturned', fc.record({ departmentId: id('d'), opinion: fc.constantFrom('consent', 'dissent') })),
  event('DeemedConsentApplied', fc.record({ departmentId: id('d'), replyDueAt: instant, policy: fc.constant('deemed') })),
  event('CaseEscalated', fc.record({ authority: fc.constant('市局') })),
  event('EscalationReturned', fc.record({ authority: fc.constant('市局'), decision: fc.constant('approved') })),
  event('ClockSuspended', fc.record({ procedure: fc.constant('hearing'), legalBasis: fc.constant('§47'), applicantNotifiedAt: instant })),
  event('ClockResumed', fc.record({})),
  event('TimeLimitExtended', fc.record({ by: limit, approvedBy: fc.constant('局长'), reason: fc.constant('复杂'), requestedAt: instant })),
  event('DecisionMade', fc.record({ outcome: fc.constantFrom('approved', 'denied') })),
  event('CaseCompleted', fc.record({ result: fc.constant('issued') })),
  event('ResultDelivered', fc.record({ method: fc.constant('window') })),
  event('ApplicantNoShow', fc.record({ notifiedDate: fc.constant('2025-10-10') })),
  event('VisitRecorded', fc.record({ purpose: fc.constant('enquire') })),
  event('EvaluationSubmitted', fc.record({
    evaluationId: id('e'), level: fc.constantFrom(1, 3, 5), channel: fc.constant('qr'), round: fc.constantFrom('first', 'followUp'), realName: fc.boolean(),
  }).chain((d) => fc.record({ windowId: id('w'), staffId: id('s') }, { requiredKeys: [] }).map((o) => ({ ...d, ...o })))),
  event('BadReviewTriaged', fc.record({ evaluationId: id('e'), valid: fc.boolean(), assignee: id('s') }, { requiredKeys: ['evaluationId', 'valid'] })),
  event('BadReviewReplied', fc.record({ evaluationId: id('e') })),
  event('BadReviewRectified', fc.record({ evaluationId: id('e'), measures: fc.constant('整改') })),
  event('BadReviewCalledBack', fc.record({ evaluationId: id('e'), satisfied: fc.boolean() })),
  event('EvaluationAppealed', fc.record({ evaluationId: id('e'), reason: fc.constant('误评') })),
  event('EvaluationAppealDecided', fc.record({ evaluationId: id('e'), outcome: fc.constantFrom('upheld', 'mistaken', 'malicious') })),
  event('FollowUpRecorded', fc.record({ method: fc.constant('phone') })),
  event('AlertRaised', fc.record({ alertId: id('alert'), rule: fc.constant('approaching'), level: fc.constant('approaching'), dueAt: instant, departmentId: id('d') })),
  event('AlertCleared', fc.record({ alertId: id('alert') })),
  event('DeadlineRecomputed', fc.record({ previous: dueTimes, next: dueTimes, reason: fc.constantFrom('calendar', 'correctionAfterAcceptance.restart') })),
  event('CorrectionRecorded', fc.record({ corrects: fc.constant('e-1'), fields: fc.constant({ caseNo: 'BJ-2' }), reason: fc.constant('笔误') })),
);

/** The events as recorded, one minute apart; every other one without an eventId. */
const recorded = (events: readonly CaseEvent[]) =>
  events.map((e, i) => ({
    ...e,
    occurredAt: new Date(Date.UTC(2025, 8, 29, 1) + i * 60_000).toISOString(),
    actor: actors.market,
    ...(i % 2 === 0 ? { eventId: `ev-${i}` } : {}),
  }));

describe('case evolve: states are values', () => {
  it('given any sequence of case events, when folded from deep-frozen states, then no state is changed by a later fold and two folds are equal', () => {
    fc.assert(
      fc.property(fc.array(caseEvent, { maxLength: 40 }), (events) => {
        const history = recorded(events);
        const states: CaseState[] = [deepFreeze(initialCaseState())];
        const copies: CaseState[] = [structuredClone(states[0] as CaseState)];
        for (const e of history) {
          // A fold that wrote into the state before would throw on the frozen object.
          const next = evolve(states[states.length - 1] as CaseState, e as never);
          copies.push(structuredClone(next));
          states.push(deepFreeze(next));
        }
        expect(states).toEqual(copies);
        const again = history.reduce((s, e) => evolve(s, e as never), initialCaseState());
        expect(again).toEqual(states[states.length - 1]);
        expect(again.eventIds).toEqual(history.flatMap((e) => ('eventId' in e ? [e.eventId] : [])));
      }),
      { numRuns: 300 },
    );
  });

  it('given an accepted case, when a step is completed, then only what the step changes is new and the rest is shared with the state before', () => {
    const submitted = evolve(initialCaseState(), recorded([
      { type: 'ApplicationSubmitted', data: { caseId: 'c1', caseNo: 'BJ-1', hallId: HALL, itemCode: 'P1', channel: 'window', applicant: { type: 'person', ref: 'p1' }, materials: [] } },
    ])[0] as never);
    const step = { type: 'StepCompleted', data: { caseId: 'c1', step: '审查', action: 'pass' }, occurredAt: t(MONDAY, '10:00'), actor: actors.market } as const;
    const after = evolve(submitted, step);
    expect(after).not.toBe(submitted);
    expect(after.steps).toBe(submitted.steps + 1);
    expect(after.evaluations).toBe(submitted.evaluations);
    expect(after.clock).toBe(submitted.clock);
    expect(after.applicant).toBe(submitted.applicant);
  });

  it('given an alert that is not open, when AlertCleared is folded without an eventId, then the state itself comes back', () => {
    const s = initialCaseState();
    const cleared = { type: 'AlertCleared', data: { caseId: 'c1', alertId: 'alert9' }, occurredAt: t(MONDAY, '10:00'), actor: actors.market } as const;
    expect(evolve(s, cleared)).toBe(s);
  });
});
