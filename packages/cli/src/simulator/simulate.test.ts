import { createInMemoryEventStore, type StoredEvent } from '@banjian/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCountyHall, MONTH_WEIGHTS, SIMULATED_EVENT_TYPES, simulateHall, type SimulationOptions } from './index';

const small = { itemCount: 40, windowCount: 8, townshipCount: 1 } as const;

const simulated = async (options: SimulationOptions) => {
  const store = createInMemoryEventStore();
  const result = await simulateHall(store, options);
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return { result, events };
};

describe('simulateHall', () => {
  it('given the same seed twice, when a small year is simulated, then the logs are identical byte for byte', async () => {
    const first = await simulated({ ...small, seed: 42, casesPerYear: 120 });
    const second = await simulated({ ...small, seed: 42, casesPerYear: 120 });
    const other = await simulated({ ...small, seed: 43, casesPerYear: 120 });
    expect(first.events.length).toBeGreaterThan(500);
    expect(second.events.map((e) => e.hash)).toEqual(first.events.map((e) => e.hash));
    expect(JSON.stringify(second.events)).toBe(JSON.stringify(first.events));
    expect(other.events.at(-1)!.hash).not.toBe(first.events.at(-1)!.hash);
  });

  describe('given a year with the rare paths made common', () => {
    // Rare paths raised so that 700 applications show every one of them at least once.
    const rates = {
      rejection: 0.02, withdrawal: 0.04, transfer: 0.08, suspension: 0.08, correctionAfterAcceptance: 0.08, extension: 0.06, late: 0.06,
      deemedConsent: 0.4, noShow: 0.03, levels: [0.04, 0.04, 0.04, 0.2, 0.68], followUp: 0.05, complaints: 120, followUpEvaluation: 0.05, lateEntry: 0.05, forwarded: 0.1,
    } as const;
    let run: Awaited<ReturnType<typeof simulated>>;
    beforeAll(async () => {
      run = await simulated({ ...small, seed: 7, casesPerYear: 700, rates: { ...rates, levels: [...rates.levels] } });
    });

    it('then every event type the simulator claims appears, and each case stream starts with its application', () => {
      const counts = new Map<string, number>();
      for (const e of run.events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
      expect(SIMULATED_EVENT_TYPES.filter((t) => !counts.has(t))).toEqual([]);
      expect([...counts.keys()].filter((t) => !(SIMULATED_EVENT_TYPES as readonly string[]).includes(t))).toEqual([]);
      expect(counts.get('ApplicationSubmitted')).toBe(700);
      const firsts = run.events.filter((e) => e.streamId.startsWith('case-') && e.streamPosition === 0);
      expect(new Set(firsts.map((e) => e.type))).toEqual(new Set(['ApplicationSubmitted']));
    });

    it('then cases arrive on working days in office hours only', () => {
      const submitted = run.events.filter((e) => e.type === 'ApplicationSubmitted');
      // 2025: Spring Festival 28 Jan – 4 Feb, National Day 1–8 Oct; Sunday 26 Jan and Saturday 11 Oct are make-up working days.
      const dates = new Set(submitted.map((e) => e.occurredAt.slice(0, 10)));
      for (const holiday of ['2025-01-29', '2025-02-03', '2025-10-01', '2025-10-08', '2025-03-01', '2025-03-02']) expect(dates.has(holiday)).toBe(false);
      for (const e of submitted) {
        const time = e.occurredAt.slice(11, 16);
        expect((time >= '09:00' && time < '12:00') || (time >= '13:30' && time < '17:30')).toBe(true);
      }
    });

    it('then applications per working day follow the seasons: quiet in February, busy in March and September', () => {
      const perMonth = Array.from({ length: 12 }, () => 0);
      const days = Array.from({ length: 12 }, () => new Set<string>());
      for (const e of run.events) {
        if (e.type !== 'ApplicationSubmitted') continue;
        const month = Number(e.occurredAt.slice(5, 7)) - 1;
        perMonth[month]!++;
        days[month]!.add(e.occurredAt.slice(0, 10));
      }
      const total = perMonth.reduce((s, n) => s + n, 0);
      const share = perMonth.map((n) => n / total);
      expect(share.indexOf(Math.min(...share))).toBe(1);
      expect(perMonth[2]!).toBeGreaterThan(perMonth[1]! * 1.8);
      expect(perMonth[8]!).toBeGreaterThan(perMonth[7]!);
      expect(perMonth[8]!).toBeGreaterThan(perMonth[9]!);
      expect(MONTH_WEIGHTS[2]).toBeGreaterThan(1);
    });

    it('then a late case, an extension approved by an approver and a deemed consent are recorded as such', () => {
      const extensions = run.events.filter((e) => e.type === 'TimeLimitExtended');
      const approvers = new Set(defaultCountyHall(small).halls.flatMap((h) => h.staff.filter((s) => s.role === 'approver').map((s) => s.staffId)));
      for (const e of extensions) expect(approvers.has((e.data as { approvedBy: string }).approvedBy)).toBe(true);
      const deemed = run.events.filter((e) => e.type === 'DeemedConsentApplied');
      for (const e of deemed) expect(Date.parse(e.occurredAt)).toBeGreaterThan(Date.parse((e.data as { replyDueAt: string }).replyDueAt));
      expect(deemed.every((e) => e.actor.kind === 'system')).toBe(true);
    });

    it('then every bad review is triaged, and goes reply → rectify → call back when valid, appeal → decision when not', () => {
      const steps = new Map<string, string[]>();
      for (const e of run.events) {
        const data = e.data as { evaluationId?: string; level?: number };
        if (e.type === 'EvaluationSubmitted' && data.level! <= 2) steps.set(data.evaluationId!, []);
        else if (data.evaluationId && steps.has(data.evaluationId)) steps.get(data.evaluationId)!.push(e.type === 'BadReviewTriaged' ? `triaged:${(e.data as { valid: boolean }).valid}` : e.type);
      }
      expect(steps.size).toBeGreaterThan(3);
      for (const handled of steps.values()) {
        if (handled.length === 0) continue; // evaluated in the last days of the year: handling runs into the next
        expect([
          ['triaged:true', 'BadReviewReplied', 'BadReviewRectified', 'BadReviewCalledBack'],
          ['triaged:false', 'EvaluationAppealed', 'EvaluationAppealDecided'],
        ].some((path) => path.slice(0, handled.length).join() === handled.join())).toBe(true);
      }
    });
  });
});
