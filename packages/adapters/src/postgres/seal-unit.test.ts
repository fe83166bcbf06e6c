import { GENESIS_HASH, type EventToAppend, type StreamHead } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { sealUnit } from './seal-unit';
import { createStreamHeadCache, EMPTY_HEAD } from './stream-heads';

const event: EventToAppend = {
  type: 'VisitRecorded',
  data: { caseId: 'c1', purpose: 'enquire' },
  occurredAt: '2025-03-04T09:00:00+08:00',
  actor: { kind: 'staff', id: 's1' },
};

const storedHead: StreamHead = { length: 3, lastHash: 'a'.repeat(64), lastOccurredMs: 0, lastOccurredAt: '1970-01-01T00:00:00Z' };

const context = () => {
  const reads: string[] = [];
  return {
    reads,
    ctx: {
      heads: createStreamHeadCache(10),
      readHead: async (streamId: string) => {
        reads.push(streamId);
        return storedHead;
      },
      algorithm: 'sha256' as const,
      now: () => '2025-03-04T09:00:00+08:00',
    },
  };
};

describe('sealUnit: which heads it reads', () => {
  it('given a stream expected not to exist and not known here, then it seals from the genesis head without reading', async () => {
    const { ctx, reads } = context();
    const unit = await sealUnit(ctx, [{ streamId: 'case-c1', events: [event], expectedVersion: 'noStream' }], new Set());
    expect(reads).toEqual([]);
    expect(unit.streams[0]?.head).toEqual(EMPTY_HEAD);
    expect(unit.batches[0]?.events[0]?.prevHash).toBe(GENESIS_HASH);
  });

  it('given a stream expected not to exist but known stale (a retry), then it reads the head, and the expected version refuses it', async () => {
    const { ctx, reads } = context();
    await expect(sealUnit(ctx, [{ streamId: 'case-c1', events: [event], expectedVersion: 'noStream' }], new Set(['case-c1']))).rejects.toMatchObject({
      name: 'ConcurrencyError',
    });
    expect(reads).toEqual(['case-c1']);
  });

  it('given a stream with any other expected version and no known head, then it reads the head', async () => {
    const { ctx, reads } = context();
    const unit = await sealUnit(ctx, [{ streamId: 'case-c1', events: [event], expectedVersion: 2 }], new Set());
    expect(reads).toEqual(['case-c1']);
    expect(unit.batches[0]?.events[0]?.prevHash).toBe(storedHead.lastHash);
  });
});
