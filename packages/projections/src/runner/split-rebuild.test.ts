import type { StoredEvent } from '@banjian/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaseFactsState } from '../cases/facts';
import { caseFactsProjection } from '../cases/projection';
import { buildCityHall } from '../golden/city-hall';
import { createEngineHall } from '../golden/engine-hall.fixture';
import { act, isoAfter, STARTS, step } from '../golden/random-commands.fixture';
import { satisfactionProjection } from '../satisfaction/projection';
import { openAlertsProjection } from '../watch/open-alerts';
import { failingProjection, rangeSource, threadsProjection } from './array-range.fixture';
import { admits, type AsOfBound } from './bound';
import { createFold } from './fold';
import { createPartFold } from './part-fold';
import type { Projection } from './projection';
import { rebuild } from './rebuild';
import { joinRange, unpackRange } from './split-rebuild';
import { mixedLog } from './mixed-log.fixture';
import { ordered } from './ordered.fixture';

const STANDARD: Projection<any>[] = [caseFactsProjection, satisfactionProjection, openAlertsProjection];

// `limits` is also a case fact: keep it there (only the state's own table is a cache)
const orderedStates = (states: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(states).map(([name, s]) => [name, ordered(name === 'caseFacts' ? withoutTables(s) : s)]));
const withoutTables = (s: unknown) => {
  const { strings: _s, holders: _h, limits: _l, dueTimes: _d, cases, ...rest } = s as Record<string, unknown>;
  return { ...rest, cases: new Map([...(cases as Map<string, object>)].map(([k, v]) => [k, Object.entries(v)])) };
};

/** The two ranges folded on this thread the way the worker and the join do, the part crossing a structured clone. */
const foldSplitAt = (events: readonly StoredEvent[], projections: Projection<any>[], at: number, bound: AsOfBound = {}) => {
  const admit = admits(bound);
  const main = createFold(projections, admit);
  const later = createPartFold(projections, admit);
  for (const e of events) (e.globalPosition <= at ? main : later).visit(e);
  joinRange(projections, main, unpackRange(projections, main, structuredClone(later.result())), (redo) => events.filter((e) => e.globalPosition > at).forEach(redo.visit));
  return { position: main.position, states: Object.fromEntries(projections.map((p, i) => [p.name, main.states[i]])) };
};

const readAll = async (source: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const e of source) out.push(e);
  return out;
};

describe('two-range rebuild: the standard projections join exactly', () => {
  let mixed: StoredEvent[];
  let city: StoredEvent[];
  beforeAll(async () => {
    mixed = await mixedLog();
    city = await readAll((await buildCityHall()).readAll());
  });

  it('given the mixed log, then it walks every path of the standard projections: each event type they fold, a deemed and a provisional acceptance, a correction after acceptance, late entries, cases still open at the end', async () => {
    const types = new Set<string>(mixed.map((e) => e.type));
    expect(STANDARD.flatMap((p) => p.eventTypes ?? []).filter((type) => !types.has(type))).toEqual([]);
    const data = (type: string) => mixed.filter((e) => e.type === type).map((e) => e.data as Record<string, unknown>);
    expect(data('CaseAccepted').filter((d) => d['deemedFrom'] !== undefined || d['provisional'] === true).map((d) => d['caseId'])).toEqual(['c-late-notice', 'c-provisional']);
    expect(data('ClockSuspended').filter((d) => d['procedure'] === 'correctionAfterAcceptance').map((d) => d['caseId'])).toEqual(['c-correct-after', 'c-late-notice']);
    expect(mixed.filter((e) => e.recordedAt !== e.occurredAt).map((e) => e.type)).toContain('LateEntryRecorded');
    const facts = (await rebuild(mixed, [caseFactsProjection])).states.caseFacts as CaseFactsState;
    expect([...facts.cases.values()].filter((f) => f.clock !== undefined && f.clock.closedAtMs === undefined).map((f) => f.caseId)).toEqual(['c-recompute', 'c-overdue', 'c-provisional']);
  });

  it('given a log with every kind of event, when split at each position, then the joined states equal the one-thread fold', async () => {
    const expected = orderedStates((await rebuild(mixed, STANDARD)).states);
    for (let at = 0; at <= mixed.length; at++) {
      const joined = foldSplitAt(mixed, STANDARD, at);
      expect(joined.position).toBe(mixed.length);
      expect(orderedStates(joined.states), `split at ${at}`).toEqual(expected);
    }
  });

  it('given an as-of business or recording time, when split, then only the admitted events count on both sides', async () => {
    // c-late-notice's completion happened on the 26th and was entered late on the 27th: the two bounds differ
    const bounds = [{ occurredAt: '2024-03-26T12:00:00+08:00' }, { recordedAt: '2024-03-26T12:00:00+08:00' }];
    const [byBusiness, byRecording] = await Promise.all(bounds.map((bound) => rebuild(mixed, STANDARD, bound)));
    expect(orderedStates(byBusiness!.states)).not.toEqual(orderedStates(byRecording!.states));
    for (const [i, bound] of bounds.entries()) {
      const expected = [byBusiness, byRecording][i]!;
      for (let at = 0; at <= mixed.length; at += 5) {
        const joined = foldSplitAt(mixed, STANDARD, at, bound);
        expect(joined.position).toBe(expected.position);
        expect(orderedStates(joined.states), `split at ${at}`).toEqual(orderedStates(expected.states));
      }
    }
  });

  it('given the city hall golden log, when split at three places, then the joined states equal the one-thread fold', async () => {
    // as text: a deep comparison of seventy thousand events' states takes most of a minute
    const text = (states: Record<string, unknown>) => JSON.stringify(orderedStates(states));
    const expected = text((await rebuild(city, STANDARD)).states);
    for (const at of [1, Math.floor(city.length / 3), Math.floor((2 * city.length) / 3)]) expect(text(foldSplitAt(city, STANDARD, at).states) === expected, `split at ${at}`).toBe(true);
  });

  it('given a part the state cannot take exactly, when joined, then case facts refuse the join and leave the state untouched', async () => {
    // split inside c-transfer's life: the later range continues cases it never saw begin
    const at = mixed.find((e) => e.type === 'CaseTransferred')!.globalPosition - 1;
    const empty = caseFactsProjection.init();
    expect(caseFactsProjection.split!.join(empty, caseFactsProjection.split!.unpack(foldPart(mixed, at, caseFactsProjection), empty), refusedOf(mixed, at))).toBeUndefined();
    expect(orderedStates({ caseFacts: empty })).toEqual(orderedStates({ caseFacts: caseFactsProjection.init() }));
    // a state that already holds the cases the part begins (a case submitted twice)
    const whole = (await rebuild(mixed, [caseFactsProjection])).states.caseFacts as CaseFactsState;
    const before = orderedStates({ caseFacts: whole });
    expect(caseFactsProjection.split!.join(whole, caseFactsProjection.split!.unpack(foldPart(mixed, at, caseFactsProjection), whole), [])).toBeUndefined();
    expect(orderedStates({ caseFacts: whole })).toEqual(before);
  });

  it('given a projection whose join is refused, when split, then the later range is folded again on this thread and the states still equal the one-thread fold', async () => {
    const refusing: Projection<any> = { ...caseFactsProjection, split: { ...caseFactsProjection.split!, join: () => undefined } };
    const projections = [refusing, satisfactionProjection, openAlertsProjection];
    const expected = orderedStates((await rebuild(mixed, STANDARD)).states);
    for (const at of [1, Math.floor(mixed.length / 2), mixed.length - 1]) expect(orderedStates(foldSplitAt(mixed, projections, at).states), `split at ${at}`).toEqual(expected);
  });
});

describe('two-range rebuild over random command sequences (fast-check)', () => {
  it('given random command sequences through the engine under either correction policy, when split at every third position, then the joined states equal the one-thread fold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...STARTS), fc.constantFrom('restart' as const, 'resume' as const), fc.array(step, { minLength: 20, maxLength: 40 }), async (start, correction, steps) => {
        const hall = await createEngineHall({ policy: { correctionAfterAcceptance: correction }, setupAt: isoAfter(start, -60 * 24 * 30) });
        const counters = { complaints: 0, year: 0, evaluations: 0 };
        let at: string = start;
        for (const s of steps) await act(hall, s, (at = isoAfter(at, s.minutes)), counters);
        const events = await readAll(hall.store.readAll());
        const expected = orderedStates((await rebuild(events, STANDARD)).states);
        for (let split = 0; split <= events.length; split += 3) expect(orderedStates(foldSplitAt(events, STANDARD, split).states), `split at ${split}`).toEqual(expected);
      }),
      { numRuns: 12, seed: Number(process.env.BANJIAN_PROPERTY_SEED ?? 20251207) },
    );
  });
});

const foldPart = (events: readonly StoredEvent[], at: number, p: Projection<any>) => {
  const later = createPartFold([p], undefined);
  for (const e of events) if (e.globalPosition > at) later.visit(e);
  return later.result().packed[0];
};
const refusedOf = (events: readonly StoredEvent[], at: number) => {
  const later = createPartFold([caseFactsProjection], undefined);
  for (const e of events) if (e.globalPosition > at) later.visit(e);
  return later.result().refused[0]!;
};

describe('two-thread rebuild', () => {
  it('given a source each thread can read, when rebuilt with a split, then a worker folds the later range and the states equal the one-thread fold', async () => {
    const events = await mixedLog();
    const projections = [...STANDARD, threadsProjection];
    const expected = await rebuild(events, projections);
    for (const at of [0, 17, Math.floor(events.length / 2), events.length - 1]) {
      const result = await rebuild(rangeSource(events), projections, {}, { parallel: { minEvents: 0, at } });
      expect(result.position).toBe(expected.position);
      const { threads, ...states } = result.states as Record<string, unknown>;
      const { threads: expectedThreads, ...expectedStates } = expected.states as Record<string, unknown>;
      expect(orderedStates(states), `split at ${at}`).toEqual(orderedStates(expectedStates));
      expect((threads as { count: number }).count).toBe((expectedThreads as { count: number }).count);
      expect((threads as { laterThread: number }).laterThread).toBeGreaterThan(0);
    }
  });

  it('given a worker done before this thread, when rebuilt, then its part is unpacked while this thread still folds, and the states equal the one-thread fold', async () => {
    const events = await mixedLog();
    const projections = [...STANDARD, threadsProjection];
    const expected = await rebuild(events, projections);
    const at = events.length - 7;
    const result = await rebuild(rangeSource(events, 7, true), projections, {}, { parallel: { minEvents: 0, at } });
    const { threads, ...states } = result.states as Record<string, unknown>;
    const { threads: _t, ...expectedStates } = expected.states as Record<string, unknown>;
    expect(orderedStates(states)).toEqual(orderedStates(expectedStates));
    expect((threads as { count: number }).count).toBe(events.length);
    expect((threads as { unpackedAt: number }).unpackedAt).toBeLessThan(at);
  });

  it('given rebuilds one after another, when the worker did its task, then the next rebuild gets the same worker; when it failed, a new one', async () => {
    const events = await mixedLog();
    const at = Math.floor(events.length / 2);
    const laterThread = async (projections: Projection<any>[]) => {
      const result = await rebuild(rangeSource(events), projections, {}, { parallel: { minEvents: 0, at } });
      return result.states as { threads: { count: number; laterThread: number | undefined }; failing?: { count: number } };
    };
    const first = await laterThread([threadsProjection]);
    expect((await laterThread([threadsProjection])).threads.laterThread).toBe(first.threads.laterThread);
    const failed = await laterThread([threadsProjection, failingProjection]);
    expect(failed.threads).toEqual({ count: events.length, laterThread: undefined, unpackedAt: undefined });
    expect(failed.failing).toEqual({ count: events.length });
    const after = await laterThread([threadsProjection]);
    expect(after.threads.laterThread).toBeGreaterThan(0);
    expect(after.threads.laterThread).not.toBe(first.threads.laterThread);
  });

  it('given a kept worker, when no rebuild comes for 15 s, then it is let go and the next rebuild starts another', async () => {
    const events = await mixedLog();
    const laterThread = async () =>
      ((await rebuild(rangeSource(events), [threadsProjection], {}, { parallel: { minEvents: 0, at: 40 } })).states.threads as { laterThread: number }).laterThread;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const first = await laterThread();
      vi.advanceTimersByTime(14_000);
      expect(await laterThread()).toBe(first);
      vi.advanceTimersByTime(15_000);
      expect(await laterThread()).not.toBe(first);
    } finally {
      vi.useRealTimers();
    }
  });

  it('given a position bound, when rebuilt on two threads, then nothing after it counts', async () => {
    const events = await mixedLog();
    const bound = { position: 40 };
    const expected = await rebuild(events, STANDARD, bound);
    const result = await rebuild(rangeSource(events), STANDARD, bound, { parallel: { minEvents: 0, at: 20 } });
    expect(result.position).toBe(40);
    expect(orderedStates(result.states)).toEqual(orderedStates(expected.states));
  });

  it('given a projection without a split, when rebuilt, then one thread folds everything', async () => {
    const events = await mixedLog();
    const { split: _none, ...plain } = threadsProjection;
    const result = await rebuild(rangeSource(events), [plain as Projection<any>], {}, { parallel: { minEvents: 0, at: 10 } });
    expect(result.states.threads).toEqual({ count: events.length, laterThread: undefined, unpackedAt: undefined });
  });
});
