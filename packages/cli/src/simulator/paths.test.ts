import {
  caseClockAt,
  createClockResolver,
  createDirectory,
  createInMemoryEventStore,
  foldCaseClock,
  parseInstant,
  type CaseClockState,
  type StoredEvent,
} from '@banjian/core';
import { STATUTORY_ALERT_RULE, DEFAULT_ALERT_RULE } from '@banjian/projections';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCountyHall, simulateHall } from './index';

// A small county hall with one township whose policy resumes the clock after a correction (the county restarts it).
const small = { itemCount: 40, windowCount: 8, townshipCount: 1 } as const;
// The paths made common enough that 600 applications walk each of them.
const rates = {
  correctionBeforeAcceptance: 0.2, lateCorrectionNotice: 0.3, correctionAfterAcceptance: 0.12, statutoryOverrun: 0.06, lateExtension: 0.06,
  lateEntry: 0.08, complaints: 200, lateComplaintAnswer: 0.3, levels: [0.05, 0.05, 0.05, 0.2, 0.65] as [number, number, number, number, number],
  badReviewValid: 0.9, lateRectification: 0.3,
};

interface Run {
  events: StoredEvent[];
  byCase: Map<string, StoredEvent[]>;
  hallOf: Map<string, string>;
  clockOf(caseId: string): { clock: CaseClockState; at(atMs: number): ReturnType<typeof caseClockAt> };
}

const simulate = async (): Promise<Run> => {
  const store = createInMemoryEventStore();
  // The township takes a third of the applications, so its policy is walked often enough.
  const setup = { halls: defaultCountyHall(small).halls.map((h) => ({ ...h, share: h.level === 'township' ? 0.35 : 0.65 })) };
  await simulateHall(store, { seed: 11, casesPerYear: 600, rates, setup });
  const events: StoredEvent[] = [];
  const directory = createDirectory();
  for await (const e of store.readAll()) {
    events.push(e);
    directory.apply(e);
  }
  const clockFor = createClockResolver(directory);
  const byCase = new Map<string, StoredEvent[]>();
  const hallOf = new Map<string, string>();
  for (const e of events) {
    const caseId = (e.data as { caseId?: string }).caseId;
    if (!e.streamId.startsWith('case-') || caseId === undefined) continue;
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), e]);
    if (e.type === 'ApplicationSubmitted') hallOf.set(caseId, (e.data as { hallId: string }).hallId);
  }
  return {
    events,
    byCase,
    hallOf,
    clockOf: (caseId) => {
      let clock: CaseClockState | undefined;
      for (const e of byCase.get(caseId) ?? []) clock = foldCaseClock(clock, e);
      if (!clock) throw new RangeError(`case ${caseId} was never accepted`);
      const hallId = hallOf.get(caseId)!;
      return { clock, at: (atMs) => caseClockAt(clock!, (version) => clockFor(hallId, version), atMs) };
    },
  };
};

const types = (events: readonly StoredEvent[]) => events.map((e) => e.type);
const casesWith = (run: Run, test: (events: StoredEvent[]) => boolean) => [...run.byCase].filter(([, events]) => test(events)).map(([caseId]) => caseId);
const endOfYear = parseInstant('2026-01-01T00:00:00+08:00');
const closedOrEnd = (clock: CaseClockState) => clock.closedAtMs ?? endOfYear;

describe('simulateHall walks the paths of one clock (issue 9)', () => {
  let run: Run;
  beforeAll(async () => {
    run = await simulate();
  }, 120_000);

  it('then corrections after acceptance restart the clock at the county (DeadlineRecomputed) and resume it at the township (ClockResumed only)', () => {
    const township = defaultCountyHall(small).halls.find((h) => h.policy?.correctionAfterAcceptance === 'resume')!.hallId;
    const corrected = casesWith(run, (events) => events.some((e) => e.type === 'ClockSuspended' && (e.data as { procedure: string }).procedure === 'correctionAfterAcceptance') && types(events).includes('CorrectionSupplied'));
    const restarted = corrected.filter((id) => run.hallOf.get(id) !== township);
    const resumed = corrected.filter((id) => run.hallOf.get(id) === township);
    expect(restarted.length).toBeGreaterThan(0);
    expect(resumed.length).toBeGreaterThan(0);
    for (const id of restarted) {
      const recomputed = run.byCase.get(id)!.filter((e) => e.type === 'DeadlineRecomputed');
      expect(recomputed.map((e) => (e.data as { reason: string }).reason)).toContain('correctionAfterAcceptance.restart');
    }
    for (const id of resumed) {
      expect(types(run.byCase.get(id)!)).toContain('ClockResumed');
      expect(types(run.byCase.get(id)!)).not.toContain('DeadlineRecomputed');
    }
  });

  it('then a correction notice later than 5 working days deems the case accepted from its submission (行政许可法 §32(四))', () => {
    const deemed = run.events.filter((e) => e.type === 'CaseAccepted' && (e.data as { deemedFrom?: string }).deemedFrom !== undefined);
    expect(deemed.length).toBeGreaterThan(0);
    for (const e of deemed) {
      const events = run.byCase.get((e.data as { caseId: string }).caseId)!;
      const submitted = events.find((x) => x.type === 'ApplicationSubmitted')!;
      expect((e.data as { deemedFrom: string }).deemedFrom).toBe(submitted.occurredAt);
      expect(types(events).filter((t) => t === 'CaseAccepted')).toHaveLength(1);
      const at = events.indexOf(e);
      expect(types(events.slice(at, at + 3))).toEqual(['CaseAccepted', 'CorrectionRequested', 'ClockSuspended']);
    }
    expect(deemed.some((e) => types(run.byCase.get((e.data as { caseId: string }).caseId)!).includes('CorrectionSupplied'))).toBe(true);
  });

  it('then some cases stay open past their statutory limit, and the scheduler raises statutoryLimit alerts as well as promisedLimit ones and clears them', () => {
    const overrun = [...run.byCase.keys()].filter((id) => run.byCase.get(id)!.some((e) => e.type === 'CaseAccepted') && run.clockOf(id).at(closedOrEnd(run.clockOf(id).clock)).statutory.overdue);
    expect(overrun.length).toBeGreaterThan(0);
    const raised = run.events.filter((e) => e.type === 'AlertRaised');
    const rules = new Set(raised.map((e) => (e.data as { rule: string }).rule));
    // the two limits' ladders, and the 差评 handling steps' (badReview.*)
    expect([...rules].filter((r) => !r.startsWith('badReview.')).sort()).toEqual([DEFAULT_ALERT_RULE, STATUTORY_ALERT_RULE].sort());
    expect([...rules].some((r) => r.startsWith('badReview.'))).toBe(true);
    const statutoryOverdue = raised.filter((e) => (e.data as { rule: string; level: string }).rule === STATUTORY_ALERT_RULE && (e.data as { level: string }).level === 'overdue');
    expect(statutoryOverdue.map((e) => (e.data as { caseId: string }).caseId).some((id) => overrun.includes(id))).toBe(true);
    expect(run.events.some((e) => e.type === 'AlertCleared')).toBe(true);
    expect(raised.every((e) => e.actor.kind === 'system')).toBe(true);
  });

  it('then an extension requested after the due time is recorded but counted late, and the case stays overdue', () => {
    const extended = casesWith(run, (events) => types(events).includes('TimeLimitExtended'));
    const late = extended.filter((id) => run.clockOf(id).at(closedOrEnd(run.clockOf(id).clock)).lateExtensions > 0);
    const granted = extended.filter((id) => run.clockOf(id).at(closedOrEnd(run.clockOf(id).clock)).grantedExtensions > 0);
    expect(late.length).toBeGreaterThan(0);
    expect(granted.length).toBeGreaterThan(0);
    for (const id of late) expect(run.clockOf(id).at(closedOrEnd(run.clockOf(id).clock)).promised.overdue).toBe(true);
  });

  it('then late entries 补录 carry their reason and both times, sent by a chief representative or approver', () => {
    const entries = run.events.filter((e) => e.type === 'LateEntryRecorded');
    expect(entries.length).toBeGreaterThan(0);
    const roles = new Map(defaultCountyHall(small).halls.flatMap((h) => h.staff.map((s) => [s.staffId, s.role] as const)));
    for (const e of entries) {
      const d = e.data as { declaredAt: string; recordedAt: string; reason: string; command: string };
      expect(d.reason.length).toBeGreaterThan(0);
      expect(parseInstant(d.recordedAt) - parseInstant(d.declaredAt)).toBeGreaterThan(5 * 60_000);
      expect(['chiefRepresentative', 'approver']).toContain(roles.get(e.actor.id));
    }
  });

  it('then complaints are answered, some within the 3 working days and some after them', () => {
    const due = new Map(run.events.filter((e) => e.type === 'ComplaintFiled').map((e) => [(e.data as { complaintId: string }).complaintId, parseInstant((e.data as { answerDueAt: string }).answerDueAt)]));
    const answers = run.events.filter((e) => e.type === 'ComplaintAnswered');
    const late = answers.filter((e) => parseInstant(e.occurredAt) > due.get((e.data as { complaintId: string }).complaintId)!);
    expect(late.length).toBeGreaterThan(0);
    expect(answers.length - late.length).toBeGreaterThan(0);
    // the scheduler (a pass at each day's close) watched them: overdue alerts only on complaints answered late, cleared once answered
    const overdue = run.events.filter((e) => e.type === 'ComplaintAlertRaised' && (e.data as { level: string }).level === 'overdue');
    const lateIds = new Set(late.map((e) => (e.data as { complaintId: string }).complaintId));
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((e) => lateIds.has((e.data as { complaintId: string }).complaintId))).toBe(true);
    expect(run.events.some((e) => e.type === 'ComplaintAlertCleared')).toBe(true);
  });

  it('then 差评 are triaged simple and complex ("2、5、15"), contacted, rectified on time and late, and called back', () => {
    const triaged = run.events.filter((e) => e.type === 'BadReviewTriaged' && (e.data as { valid: boolean }).valid);
    expect(new Set(triaged.map((e) => (e.data as { complexity?: string }).complexity))).toEqual(new Set(['simple', 'complex']));
    const dueOf = new Map(triaged.map((e) => [(e.data as { evaluationId: string }).evaluationId, parseInstant((e.data as { dueAt: string }).dueAt)]));
    const rectified = run.events.filter((e) => e.type === 'BadReviewRectified');
    const lateRectified = rectified.filter((e) => parseInstant(e.occurredAt) > dueOf.get((e.data as { evaluationId: string }).evaluationId)!);
    expect(lateRectified.length).toBeGreaterThan(0);
    expect(rectified.length - lateRectified.length).toBeGreaterThan(0);
    for (const type of ['BadReviewReplied', 'BadReviewCalledBack']) expect(run.events.some((e) => e.type === type)).toBe(true);
  });
});
