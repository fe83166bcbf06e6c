import { caseClockAt, parseInstant, type CaseState, type CaseStatus } from '@banjian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { buildReport } from '../report/build-report';
import { rebuild } from '../runner/rebuild';
import { caseSummaryAt, type SummaryState } from '../summary/summary';
import { deadlineWatch } from '../watch/deadline-watch';
import { createEngineHall, type EngineHall } from './engine-hall.fixture';
import { act, CASES, isoAfter, STARTS, step } from './random-commands.fixture';

/**
 * Differential test of the one clock (issue: figures an auditor can trust on every path): random
 * command sequences through the real engine and deciders — submissions, corrections before and
 * after acceptance under both hall policies, late notices, acceptance, rejection, withdrawal,
 * transfers, steps, joint review and deemed consent, suspensions across holidays and 调休 weekends,
 * extensions in time and late, calendar notices mid-case (an ad-hoc holiday, next year's notice)
 * with recomputation, late entries, completion, delivery, evaluation, bad reviews, complaints. At
 * random instants the case decider's view of every case (state, holder, promised and statutory due,
 * suspended, provisional, alert level) must equal the summary's and the deadline watch's, and the
 * report's numerators and denominators must equal those recounted from the decider's states.
 */

const summaryStateOf = (status: CaseStatus): SummaryState | undefined =>
  ({
    new: undefined, submitted: 'submitted', awaitingCorrection: 'awaitingCorrection', rejected: 'rejected', withdrawn: 'withdrawn',
    accepted: 'inProgress', inProgress: 'inProgress', decided: 'inProgress', suspended: 'suspended', completed: 'completed', delivered: 'completed',
  } as const)[status];

/** The paths the runs must walk, by event type and the data that tells them apart. */
const PATHS = new Set([
  'ApplicationSubmitted', 'CorrectionRequested', 'CorrectionSupplied', 'CaseAccepted', 'CaseAccepted.deemed', 'CaseRejected', 'CaseWithdrawn',
  'CaseTransferred', 'StepCompleted', 'JointReviewRequested', 'JointOpinionReturned', 'DeemedConsentApplied', 'ClockSuspended',
  'ClockSuspended.correction', 'ClockResumed', 'TimeLimitExtended', 'DecisionMade', 'CaseCompleted', 'ResultDelivered',
  'EvaluationSubmitted', 'BadReviewTriaged', 'ComplaintFiled', 'ComplaintAnswered', 'CalendarPublished', 'DeadlineRecomputed',
  'DeadlineRecomputed.restart', 'LateEntryRecorded',
]);
const pathOf = (type: string, data: Record<string, unknown>): string => {
  if (type === 'CaseAccepted' && data['deemedFrom'] !== undefined) return 'CaseAccepted.deemed';
  if (type === 'ClockSuspended' && data['procedure'] === 'correctionAfterAcceptance') return 'ClockSuspended.correction';
  if (type === 'DeadlineRecomputed' && String(data['reason']).startsWith('correctionAfterAcceptance')) return 'DeadlineRecomputed.restart';
  return type;
};

const factsOf = async (hall: EngineHall): Promise<CaseFactsState> =>
  (await rebuild(hall.store, [caseFactsProjection])).states[caseFactsProjection.name] as CaseFactsState;

/** The decider's states against the summary and the watch, at `at`. */
const compareViews = async (hall: EngineHall, at: string): Promise<Map<string, CaseState>> => {
  const facts = await factsOf(hall);
  const atMs = parseInstant(at);
  const watch = deadlineWatch(facts, { at });
  const iso = (ms: number) => hall.clockFor('h1').toInstant(ms);
  const states = new Map<string, CaseState>();
  for (const caseId of CASES) {
    const core = await hall.coreState(caseId);
    states.set(caseId, core);
    const expected = summaryStateOf(core.status);
    const summary = caseSummaryAt(facts, caseId, atMs);
    expect(summary?.state, `state of ${caseId} at ${at}`).toBe(expected);
    if (!summary || !core.clock || !summary.clock) continue;
    const view = caseClockAt(core.clock, (v) => hall.clockFor('h1', v), atMs);
    const open = summary.state === 'inProgress' || summary.state === 'suspended';
    expect(summary.holder, `holder of ${caseId}`).toEqual(core.holder);
    expect({
      promisedDueAt: summary.clock.promisedDueAt, statutoryDueAt: summary.clock.statutoryDueAt, provisional: summary.clock.provisional,
      suspended: summary.state === 'suspended', level: summary.clock.level, statutoryLevel: summary.clock.statutory?.level ?? 'normal',
    }, `clock of ${caseId} at ${at}`).toEqual({
      promisedDueAt: iso(view.promised.dueAtMs), statutoryDueAt: iso(view.statutory.dueAtMs), provisional: view.provisional,
      suspended: core.status === 'suspended', level: open ? view.promised.level : 'normal', statutoryLevel: open ? view.statutory.level : 'normal',
    });
    // the segment variant (a transfer gives the receiving department a fresh limit) from the same one clock
    const segment = caseSummaryAt(facts, caseId, atMs, { policy: { transfers: 'segment', judgeAt: 'completion' } })!;
    const segmentView = caseClockAt(core.clock, (v) => hall.clockFor('h1', v), atMs, { transfers: 'segment' });
    expect([segment.clock?.promisedDueAt, segment.clock?.statutoryDueAt], `segment clock of ${caseId} at ${at}`).toEqual([
      iso(segmentView.promised.dueAtMs), iso(segmentView.statutory.dueAtMs),
    ]);
    const watched = watch.cases.find((c) => c.caseId === caseId);
    expect(watched !== undefined, `${caseId} on the watch`).toBe(open);
    if (watched) {
      expect([watched.level, watched.dueAt, watched.statutory.level, watched.statutory.dueAt, watched.suspended, watched.provisional]).toEqual([
        view.promised.level, iso(view.promised.dueAtMs), view.statutory.level, iso(view.statutory.dueAtMs), core.status === 'suspended', view.provisional,
      ]);
    }
  }
  return states;
};

/** The report over the whole run against counts recomputed from the decider's states. */
const compareReport = async (hall: EngineHall, from: string, to: string, states: Map<string, CaseState>) => {
  const report = await buildReport(hall.store, { from, to, hall: 'h1' });
  const endMs = parseInstant(`${to}T00:00:00+08:00`);
  let accepted = 0, completed = 0, onTime = 0, openOverdue = 0, openSuspended = 0, openWithin = 0, statutoryLate = 0;
  for (const s of states.values()) {
    if (!s.clock || s.acceptedAt === undefined) continue;
    accepted += 1;
    const view = caseClockAt(s.clock, (v) => hall.clockFor('h1', v), endMs);
    if (s.completedAt !== undefined) {
      completed += 1;
      if (parseInstant(s.completedAt) <= view.promised.dueAtMs) onTime += 1;
      if (view.statutory.overdue) statutoryLate += 1;
    } else if (s.status !== 'withdrawn') {
      if (view.suspended) openSuspended += 1;
      else if (view.promised.overdue) openOverdue += 1;
      else openWithin += 1;
    }
  }
  const f = report.figures;
  expect({
    accepted: f.accepted!.value, completed: f.completed!.value, onTime: f.onTimeRate!.numerator, completedDenominator: f.onTimeRate!.denominator,
    overdue: f.overdue!.parts, open: f.open!.parts, statutoryLate: (f.statutoryOverdue!.parts as { completedLate: number }).completedLate,
  }).toEqual({
    accepted, completed, onTime, completedDenominator: completed,
    overdue: { completedLate: completed - onTime, openOverdue },
    open: { withinLimit: openWithin, suspended: openSuspended, overdue: openOverdue, provisional: (f.open!.parts as { provisional: number }).provisional },
    statutoryLate,
  });
};

describe('one clock: the case decider and every projection agree on every path (differential, fast-check)', () => {
  it('given random legal command sequences through the engine, when compared at random instants, then state, holder, due times, suspension, provisional and alert level agree, and the report recounts from the decider', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<string>(...STARTS),
        fc.constantFrom('restart' as const, 'resume' as const),
        fc.array(step, { minLength: 15, maxLength: 45 }),
        async (start, correction, steps) => {
          const hall = await createEngineHall({ policy: { correctionAfterAcceptance: correction }, setupAt: isoAfter(start, -60 * 24 * 30) });
          const counters = { complaints: 0, year: 0, evaluations: 0 };
          let at = start;
          let states = new Map<string, CaseState>();
          for (const s of steps) {
            at = isoAfter(at, s.minutes);
            await act(hall, s, at, counters);
            if (s.check) states = await compareViews(hall, at);
          }
          states = await compareViews(hall, at);
          await compareReport(hall, start.slice(0, 10), isoAfter(at, 24 * 60).slice(0, 10), states);
          for await (const e of hall.store.readAll()) seen.add(pathOf(e.type, e.data as Record<string, unknown>));
        },
      ),
      { numRuns: 40, seed: Number(process.env.BANJIAN_PROPERTY_SEED ?? 20251207) },
    );
    // the runs walked every path the comparison is meant to cover (else the test proves little)
    expect([...PATHS].filter((p) => !seen.has(p))).toEqual([]);
  });
});
