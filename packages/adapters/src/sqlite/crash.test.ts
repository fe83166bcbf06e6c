import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectLogIntact } from '../contract/index';
import { createSqliteEventStore } from './store';
import { tempDir } from './test-support';
import { runWriter, type Ack } from './writer-process.support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const reopen = (path: string) => {
  const store = createSqliteEventStore({ path });
  cleanups.push(() => store.close());
  return store;
};

const tempFile = () => {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  return join(dir.dir, 'events.db');
};

const expectAcknowledged = (acks: readonly Ack[], events: readonly { eventId: string }[]) => {
  const byId = new Map(events.map((e) => [e.eventId, e]));
  for (const ack of acks) {
    expect(byId.get(ack.eventId)).toMatchObject({ streamId: ack.streamId, streamPosition: ack.streamPosition, globalPosition: ack.globalPosition });
  }
};

const streamLengths = (events: readonly { streamId: string }[]) => {
  const lengths = new Map<string, number>();
  for (const event of events) lengths.set(event.streamId, (lengths.get(event.streamId) ?? 0) + 1);
  return lengths;
};

describe('crash safety', () => {
  it('given a writer killed with SIGKILL mid-stream, when the file is reopened, then it verifies and holds every acknowledged event and no partial batch', async () => {
    const path = tempFile();
    const { acks, ended } = await runWriter(path, { killAfter: 600 });
    expect(ended).toBe('SIGKILL');
    const store = reopen(path);

    const events = await expectLogIntact(store, 'sha256');
    expect(acks.length).toBeGreaterThanOrEqual(600);
    expectAcknowledged(acks, events);
    // Batches are three events: a batch is all there or not at all.
    const lengths = streamLengths(events);
    for (const length of lengths.values()) expect(length % 3).toBe(0);
    // The process may have committed one batch it never got to print; never fewer than it printed.
    expect(events.length - acks.length).toBeGreaterThanOrEqual(0);
    expect(events.length - acks.length).toBeLessThanOrEqual(3);

    // And the file takes new appends where the chain left off.
    const next = await store.appendToStream('consultation-shared', [
      {
        type: 'ConsultationRecorded',
        data: { consultationId: 'after', hallId: 'hall-1', topic: '恢复' },
        occurredAt: '2026-01-01T00:00:00Z',
        actor: { kind: 'system', id: 'test' },
      },
    ]);
    expect(next.events[0]!.streamPosition).toBe(lengths.get('consultation-shared'));
    await expectLogIntact(store, 'sha256');
  });
});

describe('several processes on one file', () => {
  it('given three writer processes opening a new file and sharing a stream, when all finish, then every acknowledged event is stored once, chains intact', async () => {
    const path = tempFile();
    const runs = await Promise.all(['w1', 'w2', 'w3'].map((name) => runWriter(path, { batches: 120, name })));
    const acks = runs.flatMap((r) => r.acks);
    const store = reopen(path);
    const events = await expectLogIntact(store, 'sha256');
    expect(acks).toHaveLength(3 * 120 * 3);
    expect(events).toHaveLength(acks.length);
    expectAcknowledged(acks, events);
    expect(streamLengths(events).get('consultation-shared')).toBe(3 * 60 * 3);
  });
});
