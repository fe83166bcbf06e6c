import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashedText } from '../integrity/hash';
import { GENESIS_HASH } from '../integrity/hash';
import { sealBatch } from './memory-seal';
import { canonicalCopy } from './seal-copy';

const UNHASHED = new Set(['hash', 'globalPosition']);
/** The hashed fields of an envelope in canonical order, as sealBatch passes them. */
const hashed = (envelope: object) => Object.keys(envelope).filter((key) => !UNHASHED.has(key)).sort();

/** What a reader would get from the stored text, with the unhashed fields added as sealBatch adds them. */
const parsed = (envelope: Record<string, unknown>) => JSON.parse(hashedText(envelope)) as Record<string, unknown>;

const deepFrozen = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(deepFrozen));

describe('canonicalCopy: the hashed text and the stored object in one walk', () => {
  it('given any JSON envelope, then the text is hashedText and the copy is JSON.parse of it, keys in the same order, nested values frozen', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (envelope) => {
        const result = canonicalCopy(envelope, hashed(envelope));
        if (!result) return; // `__proto__` keys or deep nesting: the general path
        expect(result.canonical).toBe(hashedText(envelope));
        expect(result.copy).toStrictEqual(parsed(envelope));
        expect(JSON.stringify(result.copy)).toBe(JSON.stringify(parsed(envelope)));
        expect(Object.values(result.copy).every(deepFrozen)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('given undefined fields, -0 and unhashed fields, then they are written and copied as the text has them', () => {
    const envelope = { b: { y: undefined, x: -0 }, a: [1, 'é\u2028"'], hash: 'h', globalPosition: 3, z: undefined };
    const result = canonicalCopy(envelope, hashed(envelope));
    expect(result?.canonical).toBe('{"a":[1,"é\u2028\\""],"b":{"x":0}}');
    expect(result?.copy).toStrictEqual(parsed(envelope));
    expect(Object.is((result?.copy.b as { x: number }).x, 0)).toBe(true);
  });

  it('given anything but plain JSON data, then it declines and leaves it to the general path', () => {
    class Point {
      x = 1;
    }
    // An array-index key (leading digit) is enumerated before the others whatever the insertion order.
    for (const odd of [{ b: 1, '10': 2, '9': 3 }, new Date(0), new Point(), [1, undefined], Number.NaN, Infinity, { toJSON: () => 1 }, () => 1, 1n, JSON.parse('{"__proto__":{"a":1}}')]) {
      expect(canonicalCopy({ data: odd }, ['data'])).toBeUndefined();
    }
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(canonicalCopy({ data: deep }, ['data'])).toBeUndefined();
  });
});

describe('sealBatch: readers see exactly what was hashed', () => {
  it('given events with undefined optional fields, then each stored event is JSON.parse of its canonical text plus hash and globalPosition, deep-frozen', () => {
    const actor = { kind: 'staff', id: 's1', windowId: undefined } as const;
    const sealed = sealBatch(
      {
        streamId: 'case-c1',
        head: { length: 0, lastHash: GENESIS_HASH, lastOccurredMs: -Infinity, lastOccurredAt: undefined },
        lastGlobalPosition: 7,
        algorithm: 'sha256',
        now: () => '2025-03-04T09:00:00+08:00',
        isStoredEventId: () => false,
      },
      [
        { type: 'StepCompleted', data: { caseId: 'c1', step: '审查', action: 'pass', opinion: undefined }, occurredAt: '2025-03-04T09:00:00+08:00', actor, commandId: 'k1', correlationId: undefined },
        { type: 'VisitRecorded', data: { caseId: 'c1', purpose: 'supplement' }, occurredAt: '2025-03-04T09:05:00+08:00', actor: { kind: 'staff', id: 's1' } },
      ] as never,
    );
    sealed.events.forEach((event, i) => {
      const { hash, globalPosition, ...hashed } = event;
      expect(hashed).toStrictEqual(JSON.parse(sealed.canonicals[i] as string));
      expect(JSON.stringify(event)).toBe(JSON.stringify({ ...JSON.parse(sealed.canonicals[i] as string), hash, globalPosition }));
      expect(globalPosition).toBe(8 + i);
      expect(deepFrozen(event)).toBe(true);
    });
    expect(sealed.events[1]?.prevHash).toBe(sealed.events[0]?.hash);
  });
});
