import type { StoredEvent } from '@banjian/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mixedLog } from '../runner/mixed-log.fixture';
import { ordered } from '../runner/ordered.fixture';
import { applySatisfaction, createSatisfactionState, type SatisfactionState } from './fold';
import { packSatisfaction, unpackSatisfaction } from './packed';
import { satisfactionSplit } from './split';

describe('satisfaction on a tape', () => {
  let folded: SatisfactionState;
  beforeAll(async () => {
    folded = (await mixedLog()).reduce((s: SatisfactionState, e: StoredEvent) => applySatisfaction(s, e), createSatisfactionState());
  });

  it('given a folded satisfaction state, when packed, cloned and joined into an empty state, then it is the same state, every order kept', () => {
    const joined = satisfactionSplit.join(createSatisfactionState(), unpackSatisfaction(structuredClone(packSatisfaction(folded, new Set(), []))), []);
    expect(ordered(joined)).toEqual(ordered(folded));
    // homes of both shapes, and an evaluation whose handling added keys after those it was built with
    expect([...folded.cases.values()].map((h) => Object.keys(h).length)).toEqual(expect.arrayContaining([1, 4]));
    expect(Object.keys(folded.evaluations.get('e-rich')!)).toContain('calledBackSatisfied');
  });

  it('given homeless evaluations and follow-ups, when unpacked, then they come back as written', () => {
    const packed = unpackSatisfaction(packSatisfaction(createSatisfactionState(), new Set(['e1', 'e2']), [0, 3]));
    expect([...packed.homelessEvaluations]).toEqual(['e1', 'e2']);
    expect(packed.homelessFollowUps).toEqual([0, 3]);
  });
});
