import { isLeft } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../case/routing';
import { createInMemoryEventStore } from '../store/memory';
import { InvalidEventError } from '../store/errors';
import { submitted, toAppend, at } from '../testkit/sample-case.fixture';
import { decodeEventData } from './decode';
import { NonEmptyString, Text } from './primitives';

const LONE_HIGH = 'case-\ud800';
const LONE_LOW = 'x\udc00y';
const NUL = 'a\u0000b';

describe('strings at the boundary: Unicode text only', () => {
  it.each([
    ['a lone high surrogate', LONE_HIGH, /lone UTF-16 surrogate/],
    ['a lone low surrogate', LONE_LOW, /lone UTF-16 surrogate/],
    ['NUL', NUL, /NUL \(U\+0000\)/],
  ])('given %s, when decoded as text or an id, then it is refused with the reason', (_, value, reason) => {
    for (const codec of [Text, NonEmptyString]) {
      const result = codec.decode(value);
      expect(isLeft(result)).toBe(true);
      if (isLeft(result)) expect(result.left[0]?.message).toMatch(reason);
    }
  });

  it('given paired surrogates (an astral character), CJK and empty free text, when decoded, then they are text', () => {
    expect(Text.is('𠀀办件😀')).toBe(true);
    expect(Text.is('')).toBe(true);
    expect(NonEmptyString.is('𠀀')).toBe(true);
    expect(NonEmptyString.is('  ')).toBe(false);
  });

  it('given event data with a lone surrogate in its case id and NUL in a material, when decoded, then the field is named', () => {
    const data = submitted('c1').data;
    expect(decodeEventData('ApplicationSubmitted', { ...data, caseId: LONE_HIGH })).toMatchObject({ left: { kind: 'decode', field: 'data.caseId', reason: expect.stringMatching(/lone UTF-16 surrogate/) } });
    expect(decodeEventData('ApplicationSubmitted', { ...data, materials: ['身份证', NUL] })).toMatchObject({ left: { field: 'data.materials.1', reason: expect.stringMatching(/NUL/) } });
  });

  it('given a command with a lone surrogate in its case id, when decoded, then the field is named', () => {
    const command = {
      type: 'AcceptCase',
      data: { caseId: LONE_HIGH, windowId: 'w1', staffId: 's1' },
      metadata: { commandId: 'w1-1', actor: { kind: 'staff', id: 's1' }, at: '2025-09-29T09:30:00+08:00' },
    };
    const result = decodeCommand(command);
    expect(isLeft(result)).toBe(true);
    if (isLeft(result)) expect(`${result.left.field}: ${result.left.reason}`).toMatch(/caseId: contains a lone UTF-16 surrogate/);
  });

  it('given an append to a stream whose id holds a lone surrogate, when stored, then the store refuses it and stores nothing', async () => {
    const store = createInMemoryEventStore();
    await expect(store.appendToStream(LONE_HIGH, [toAppend(submitted('c1'), at(0))])).rejects.toThrow(InvalidEventError);
    await expect(store.appendToStream('case-c1', [toAppend(submitted('c1'), at(0), { actor: { kind: 'staff', id: NUL } })])).rejects.toThrow(/actor\.id: contains NUL/);
    expect(await store.readStream('case-c1')).toEqual([]);
  });
});
