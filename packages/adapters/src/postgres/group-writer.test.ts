import { GENESIS_HASH } from '@banjian/core';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createGroupWriter } from './group-writer';
import { createQueries } from './queries';
import type { SealedUnit } from './seal-unit';
import { EMPTY_HEAD } from './stream-heads';

/** A pool whose append calls stay open until the test answers them; it records each call's unit count. */
const fakePool = () => {
  const calls: { units: number; answer: () => void }[] = [];
  const client = {
    query: (config: { values: Buffer[] }) =>
      new Promise((resolve) => {
        // The first parameter is the binary integer[] of stream units: its length sits at byte 12.
        const streams = config.values[0]?.readInt32BE(12) ?? 0;
        calls.push({ units: streams, answer: () => resolve({ rows: [[null, 0]] }) });
      }),
    release: () => undefined,
    // the writer listens for a connection's errors while it holds it (see `checkout`)
    on: () => client,
    removeListener: () => client,
  };
  return { calls, pool: { connect: async () => client } as unknown as pg.Pool };
};

/** A unit of one stream and no events: all the writer needs to send it. */
const unit = (n: number): SealedUnit => ({
  parts: [{ streamId: `s${n}`, events: [] }],
  batches: [{ events: [], canonicals: [], head: EMPTY_HEAD }],
  streams: [{ streamId: `s${n}`, expected: undefined, head: { ...EMPTY_HEAD, lastHash: GENESIS_HASH } }],
  after: new Map(),
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('group writer: when a group goes', () => {
  it('given a group of 3 in flight and room for another, when 2 appends arrive, then they wait; a third sends all 3 together', async () => {
    const { calls, pool } = fakePool();
    const write = createGroupWriter({ pool, queries: createQueries('test'), concurrency: 2, maxUnits: 64 });
    // Two single appends take both places; three more wait, then go together when one returns.
    const early = [0, 1, 2, 3, 4].map((n) => write(unit(n)));
    await tick();
    expect(calls.map((c) => c.units)).toEqual([1, 1]);
    calls[0]?.answer();
    await tick();
    calls[1]?.answer();
    await tick();
    expect(calls.map((c) => c.units)).toEqual([1, 1, 3]);

    const waiting = [5, 6].map((n) => write(unit(n)));
    await tick();
    expect(calls.map((c) => c.units)).toEqual([1, 1, 3]);
    const third = write(unit(7));
    await tick();
    expect(calls.map((c) => c.units)).toEqual([1, 1, 3, 3]);

    calls.slice(2).forEach((c) => c.answer());
    expect((await Promise.all([...early, ...waiting, third])).map((o) => o.kind)).toEqual(Array(8).fill('stored'));
  });

  it('given nothing in flight, when one append arrives, then it goes at once, alone', async () => {
    const { calls, pool } = fakePool();
    const write = createGroupWriter({ pool, queries: createQueries('test'), concurrency: 2, maxUnits: 64 });
    const outcome = write(unit(0));
    await tick();
    expect(calls.map((c) => c.units)).toEqual([1]);
    calls[0]?.answer();
    expect((await outcome).kind).toBe('stored');
  });

  it('given the groups in flight at the limit, when appends wait, then they go together as soon as one group returns', async () => {
    const { calls, pool } = fakePool();
    const write = createGroupWriter({ pool, queries: createQueries('test'), concurrency: 1, maxUnits: 64 });
    const all = [0, 1, 2, 3].map((n) => write(unit(n)));
    await tick();
    expect(calls.map((c) => c.units)).toEqual([1]);
    calls[0]?.answer();
    await tick();
    expect(calls.map((c) => c.units)).toEqual([1, 3]);
    calls[1]?.answer();
    expect((await Promise.all(all)).every((o) => o.kind === 'stored')).toBe(true);
  });

  it('given one unit of 30,000 streams each named in two parts apart (the runs of an import), when sent, then each event carries the number of its own stream, found by id, not by search', async () => {
    const values: Buffer[][] = [];
    const client = {
      query: async (config: { values: Buffer[] }) => {
        values.push(config.values);
        return { rows: [[null, 60_000]] };
      },
      release: () => undefined,
      on: () => client,
      removeListener: () => client,
    };
    const pool = { connect: async () => client } as unknown as pg.Pool;
    const count = 30_000;
    const streamIds = Array.from({ length: count }, (_, s) => `consultation-${s}`);
    const event = (s: number, position: number) => ({ streamId: streamIds[s], streamPosition: position, eventId: `e${s}-${position}`, type: 'ConsultationRecorded', prevHash: GENESIS_HASH, hash: GENESIS_HASH });
    // Every stream once, then every stream again from the last: a stream's two parts lie far apart.
    const order = [...streamIds.keys(), ...[...streamIds.keys()].reverse()];
    const big: SealedUnit = {
      parts: order.map((s) => ({ streamId: streamIds[s] as string, events: [] })),
      batches: order.map((s, i) => ({ events: [event(s, i < count ? 0 : 1)] as never, canonicals: ['{}'], head: EMPTY_HEAD })),
      streams: streamIds.map((streamId) => ({ streamId, expected: undefined, head: EMPTY_HEAD })),
      after: new Map(),
    };
    const write = createGroupWriter({ pool, queries: createQueries('test'), concurrency: 1, maxUnits: 64 });
    const started = performance.now();
    expect((await write(big)).kind).toBe('stored');
    // A search of the unit's streams for each part took 28 s here (30,000 × 60,000 / 2 comparisons); by id, under a second.
    expect(performance.now() - started).toBeLessThan(5_000);
    // The sixth parameter: the binary int4[] of each event's stream number (20 bytes of header, then length and value).
    const eventStreams = values[0]?.[5] as Buffer;
    const numberAt = (i: number) => eventStreams.readInt32BE(20 + i * 8 + 4);
    expect([numberAt(0), numberAt(count - 1), numberAt(count), numberAt(2 * count - 1)]).toEqual([1, count, count, 1]);
  });
});
