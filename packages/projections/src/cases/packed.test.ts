import type { StoredEvent } from '@banjian/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mixedLog } from '../runner/mixed-log.fixture';
import { createCaseFactsState, type CaseFactsState } from './facts';
import { applyCaseFactsEvent } from './fold';
import { packCaseFacts, unpackCaseFacts } from './packed';
import { caseFactsSplit } from './split';

/** Cases (and their clocks), consultations and complaints with every key in its order (undefined values included). */
const facts = (s: CaseFactsState) => ({
  cases: [...s.cases].map(([id, f]) => [id, Object.entries(f).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => Object.entries(x)) : k === 'clock' && v ? Object.entries(v) : v])]),
  consultations: s.consultations.map((c) => Object.entries(c)),
  complaints: [...s.complaints].map(([id, c]) => [id, Object.entries(c)]),
  position: s.position,
});

describe('case facts on a tape', () => {
  let folded: CaseFactsState;
  beforeAll(async () => {
    folded = (await mixedLog()).reduce((s: CaseFactsState, e: StoredEvent) => applyCaseFactsEvent(s, e), createCaseFactsState());
  });

  it('given folded case facts, when packed, cloned, unpacked and joined into an empty state, then the cases, consultations and complaints are the same, in order', () => {
    const state = createCaseFactsState();
    const part = unpackCaseFacts(structuredClone(packCaseFacts(folded)), state);
    expect(part.cases.map((f) => f.caseId)).toEqual([...folded.cases.keys()]);
    expect(caseFactsSplit.join(state, part, [])).toBe(state);
    expect(facts(state)).toEqual(facts(folded));
    expect(state.cases.get('rich')!.evaluations[0]).toMatchObject({ rectifiedAtMs: expect.any(Number), triagedValid: true, excluded: true });
    // a clock still running at the end of the log keeps its closedAtMs key
    expect(Object.keys(state.cases.get('c-recompute')!.clock!)).toContain('closedAtMs');
  });

  it('given a tape unpacked against a state, then its records hold that state single copies of holders, limits and strings', () => {
    const state = createCaseFactsState();
    const part = unpackCaseFacts(packCaseFacts(folded), state);
    const holders = new Set(state.holders.values());
    const limits = new Set(state.limits.values());
    for (const f of part.cases) {
      if (f.holder !== undefined) expect(holders.has(f.holder)).toBe(true);
      if (f.limits !== undefined) expect(limits.has(f.limits)).toBe(true);
      if (f.clock !== undefined) expect([limits.has(f.clock.limits), state.dueTimes.get(f.clock.due.promisedDueMs)?.get(f.clock.due.statutoryDueMs)?.includes(f.clock.due)]).toEqual([true, true]);
      expect(state.strings.get(f.hallId)).toBe(f.hallId);
    }
    expect(holders.size).toBeGreaterThan(0);
  });
});
