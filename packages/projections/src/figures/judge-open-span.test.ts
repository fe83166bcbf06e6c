import { describe, expect, it } from 'vitest';
import { clockOf } from '../cases/context';
import type { CaseFactsState } from '../cases/facts';
import { caseFactsProjection } from '../cases/projection';
import { buildCityHall } from '../golden/city-hall';
import { buildCountyHall } from '../golden/county-hall';
import { APPROVER, CLERK, createEngineHall } from '../golden/engine-hall.fixture';
import { rebuild } from '../runner/rebuild';
import { judgeOpen, judgeOpenSpan, type OpenJudgement } from './judge';
import { DEFAULT_FIGURE_OPTIONS } from './options';
import { addDays } from './period';

const OPTIONS = DEFAULT_FIGURE_OPTIONS;
/** Followed day by day up to this long after acceptance, and a week past the close. */
const DAYS = 60;
const same = (a: OpenJudgement, b: OpenJudgement) => JSON.stringify(a) === JSON.stringify(b);

/** Every accepted case judged at each local midnight from acceptance, and by `judgeOpenSpan`: what disagrees, and what the spans did. */
const spansOf = (state: CaseFactsState) => {
  const wrong: string[] = [];
  let skipping = 0;
  let running = 0;
  let changedAtEnd = 0;
  for (const c of state.cases.values()) {
    if (!c.clock) continue;
    const clock = clockOf(state.context, c.hallId);
    const first = addDays(clock.localDate(c.acceptedAt), 1);
    const stop = (c.clock.closedAtMs ?? Number.POSITIVE_INFINITY) + 7 * 86_400_000;
    const midnights: number[] = [];
    for (let i = 0; i < DAYS && (i === 0 || midnights[i - 1]! < stop); i++) midnights.push(clock.startOfDay(addDays(first, i)));
    const daily = midnights.map((m) => judgeOpen(state.context, c, m, OPTIONS));
    let nextDiff = midnights.length;
    for (let i = midnights.length - 1; i >= 0; i--) {
      if (i + 1 < midnights.length && !same(daily[i + 1]!, daily[i]!)) nextDiff = i + 1;
      const m = midnights[i]!;
      const { judgement, changesAtMs } = judgeOpenSpan(state.context, c, m, OPTIONS);
      // The same judgement; no midnight inside the span, nor its last instant, reads otherwise.
      if (!same(judgement, daily[i]!) || changesAtMs <= m) wrong.push(`${c.caseId} at ${m}: ${JSON.stringify(judgement)} until ${changesAtMs}`);
      if (nextDiff < midnights.length && midnights[nextDiff]! < changesAtMs) wrong.push(`${c.caseId}: changes at ${midnights[nextDiff]} inside the span ${m}..${changesAtMs}`);
      if (Number.isFinite(changesAtMs) && !same(judgeOpen(state.context, c, changesAtMs - 1, OPTIONS), judgement)) wrong.push(`${c.caseId}: changes before ${changesAtMs}`);
      if (changesAtMs === m + 1) running++;
      else if (i + 1 < midnights.length && midnights[i + 1]! < changesAtMs) skipping++;
      if (Number.isFinite(changesAtMs) && changesAtMs > m + 1 && !same(judgeOpen(state.context, c, changesAtMs, OPTIONS), judgement)) changedAtEnd++;
    }
  }
  return { wrong: wrong.slice(0, 5), skipping, running, changedAtEnd };
};

const T = (local: string) => `${local}:00+08:00`;

describe('judgeOpenSpan: an open case judged only where its status may change', () => {
  it.each([
    ['county hall (golden)', buildCountyHall],
    ['city hall (golden)', buildCityHall],
  ])('given the %s, when every accepted case is judged at each local midnight, then the judgement holds up to the span end', async (_, build) => {
    const spans = spansOf((await rebuild(await build(), [caseFactsProjection])).states.caseFacts as CaseFactsState);
    expect(spans.wrong).toEqual([]);
    expect(spans.skipping).toBeGreaterThan(0);
  });

  it('given cases suspended over National Day, resumed, extended late, or left open past their due times, when judged at each midnight, then the spans agree (a running suspension: day by day)', async () => {
    const hall = await createEngineHall({ setupAt: T('2024-01-02T08:00') });
    for (const caseId of ['s', 'r', 'e', 'o']) await hall.accept(caseId, T('2024-09-23T09:30'), 'SC-3', T('2024-09-23T10:00'));
    const suspend = (caseId: string, at: string) => hall.run('SuspendClock', { caseId, procedure: 'expertReview', legalBasis: '行政许可法 §45' }, CLERK, at);
    await suspend('s', T('2024-09-25T10:00'));
    await suspend('r', T('2024-09-26T16:00'));
    await hall.run('ResumeClock', { caseId: 'r' }, CLERK, T('2024-10-09T10:00'));
    await hall.run('ExtendTimeLimit', {
      caseId: 'e', by: { value: 2, unit: 'workingDays' }, approvedBy: APPROVER.id, reason: '需专家论证', requestedAt: T('2024-09-27T10:00'),
    }, APPROVER, T('2024-09-27T10:00'));
    await hall.run('MakeDecision', { caseId: 'r', outcome: 'approved' }, CLERK, T('2024-10-15T10:00'));
    await hall.run('CompleteCase', { caseId: 'r', result: 'issued' }, CLERK, T('2024-10-15T10:00'));
    const spans = spansOf((await rebuild(hall.store, [caseFactsProjection])).states.caseFacts as CaseFactsState);
    expect(spans.wrong).toEqual([]);
    expect(spans.running).toBeGreaterThan(0);
    expect(spans.skipping).toBeGreaterThan(0);
    expect(spans.changedAtEnd).toBeGreaterThan(0);
  });
});
