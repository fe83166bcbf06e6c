import { chainHash, type StoredEvent } from '@banjian/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caseOpening, consultation, consultations } from '../contract/fixtures';
import { collect, rejection } from '../contract/helpers';
import { createEventStoreDbEventStore } from './store';
import { makeStandInStore } from './test-support';

type Made = Awaited<ReturnType<typeof makeStandInStore>>;
let made: Made | undefined;
const open = async (...args: Parameters<typeof makeStandInStore>) => (made = await makeStandInStore(...args));
afterEach(async () => {
  await made?.cleanup();
  made = undefined;
});

describe('eventstoredb store: $all, positions and filters', () => {
  it('given system and foreign events between ours, when all is read, then only ours come, at their $all commit positions', async () => {
    const { store, standIn } = await open();
    await store.appendToStream('consultation-a', consultations(0, 2));
    standIn.appendJson('$stats-127.0.0.1:2113', '$statsCollected', { cpu: 3 });
    standIn.appendJson('orders-1', 'OrderPlaced', { total: 5 });
    standIn.appendJson('banjian_other', 'Unrelated', {});
    await store.appendToStream('case-c-1', caseOpening('c-1'));

    const events = await collect(store.readAll());
    expect(events.map((e) => `${e.streamId}@${e.streamPosition}`)).toEqual(['consultation-a@0', 'consultation-a@1', 'case-c-1@0', 'case-c-1@1']);
    const logged = standIn.log.readAll('start', 'forwards', Infinity).filter((e) => e.stream.startsWith('banjian') && e.stream !== 'banjian_settings' && e.stream !== 'banjian_other');
    expect(events.map((e) => e.globalPosition)).toEqual(logged.map((e) => Number(e.position)));
    // Byte offsets, not a count: positions leave gaps, and the first is not 1.
    expect(events[1]!.globalPosition - events[0]!.globalPosition).toBeGreaterThan(1);
    expect(events[0]!.globalPosition).toBeGreaterThan(1);
  });

  it('given a checkpoint between two events, when read after it, then the read resumes by commit position', async () => {
    const { store, standIn } = await open();
    await store.appendToStream('consultation-a', consultations(0, 3));
    standIn.appendJson('$stats-127.0.0.1:2113', '$statsCollected', {});
    await store.appendToStream('consultation-b', consultations(10, 2));
    const all = await collect(store.readAll());
    expect(await collect(store.readAll({ after: all[1]!.globalPosition }))).toEqual(all.slice(2));
    // A checkpoint need not be an event's position: anything between two positions resumes after the first.
    expect(await collect(store.readAll({ after: all[2]!.globalPosition + 1 }))).toEqual(all.slice(3));
    expect(await collect(store.readAll({ after: all[4]!.globalPosition }))).toEqual([]);
  });

  it('given a multi-event append, then each event reports the position $all gives it', async () => {
    const { store } = await open();
    const result = await store.appendToStream('consultation-a', consultations(0, 4));
    const all = await collect(store.readAll());
    expect(result.events.map((e) => e.globalPosition)).toEqual(all.map((e) => e.globalPosition));
    expect(result.lastGlobalPosition).toBe(all[3]!.globalPosition);
  });

  it('given stored events, when read raw, then the canonical text is the stored event data byte for byte and hashes to the stored hash', async () => {
    const { store, standIn } = await open();
    await store.appendToStream('consultation-文字', [consultation(0, { topic: '𠀀𠮷 ✓' }), consultation(1)]);
    const raw = await collect(store.readRaw());
    const stored = standIn.log.readStream('banjianConsultation-文字', 'start', 'forwards', 10)!;
    raw.forEach((record, i) => {
      expect(Buffer.from(record.canonical, 'utf8').equals(Buffer.from(stored[i]!.data))).toBe(true);
      expect(chainHash('sha256', record.prevHash, record.canonical)).toBe(record.hash);
      expect(record).toMatchObject({ streamId: 'consultation-文字', streamPosition: i, globalPosition: Number(stored[i]!.position) });
    });
    expect(stored[0]!.contentType).toBe('application/octet-stream');
    expect(JSON.parse(Buffer.from(stored[0]!.metadata).toString('utf8'))).toMatchObject({ format: 'banjian-rfc8785', hash: raw[0]!.hash });
  });

  it('given an event written by someone else into one of our streams, when read, then the store says it is not ours', async () => {
    const { store, standIn } = await open();
    standIn.appendJson('banjianCase-x', 'CaseWithdrawn', { caseId: 'x' });
    await expect(store.readStream('case-x')).rejects.toThrow(/not an event this adapter wrote/);
  });

  it('given a stream id with no EventStoreDB name, when appended, then InvalidEventError names the streamId', async () => {
    const { store } = await open();
    expect(await rejection(store.appendToStream('Case-1', [consultation(0)]))).toMatchObject({ kind: 'invalidEvent', field: 'streamId' });
  });
});

describe('eventstoredb store: writers and heads', () => {
  it('given a second store whose head of a stream is stale, when it appends with any, then it reads the head, reseals and the chain holds', async () => {
    const { store, standIn } = await open();
    const other = await createEventStoreDbEventStore({ connectionString: standIn.connectionString });
    try {
      await other.appendToStream('consultation-a', [consultation(0)]);
      await other.readStream('consultation-a');
      await store.appendToStream('consultation-a', [consultation(1)]);
      const result = await other.appendToStream('consultation-a', [consultation(2)], { expectedVersion: 'any' });
      expect(result.events[0]).toMatchObject({ streamPosition: 2 });
      const events = await store.readStream('consultation-a');
      expect(events.map((e) => e.prevHash)).toEqual([events[0]!.prevHash, events[0]!.hash, events[1]!.hash]);
    } finally {
      await other.close();
    }
  });

  it('given a second store with a stale head, when it appends with the exact version it last saw, then ConcurrencyError carries the server revision', async () => {
    const { store, standIn } = await open();
    const other = await createEventStoreDbEventStore({ connectionString: standIn.connectionString });
    try {
      await other.appendToStream('consultation-a', [consultation(0)]);
      await store.appendToStream('consultation-a', [consultation(1), consultation(2)], { expectedVersion: 0 });
      expect(await rejection(other.appendToStream('consultation-a', [consultation(3)], { expectedVersion: 0 }))).toMatchObject({
        kind: 'concurrency',
        expected: 0,
        actual: 2,
      });
    } finally {
      await other.close();
    }
  });

  it('given a store made with SM3, when reopened asking for SHA-256, then it refuses; reopened without asking, it chains with SM3', async () => {
    const { standIn } = await open({ hashAlgorithm: 'sm3' });
    await expect(createEventStoreDbEventStore({ connectionString: standIn.connectionString, hashAlgorithm: 'sha256' })).rejects.toMatchObject({
      kind: 'hashAlgorithmMismatch',
      stored: 'sm3',
    });
    const again = await createEventStoreDbEventStore({ connectionString: standIn.connectionString });
    expect(again.hashAlgorithm).toBe('sm3');
    await again.close();
  });

  it('given two prefixes on one server, then they are two separate stores', async () => {
    const { store, standIn } = await open();
    const other = await createEventStoreDbEventStore({ connectionString: standIn.connectionString, streamPrefix: 'hallb' });
    try {
      await store.appendToStream('case-c-1', caseOpening('c-1'));
      await other.appendToStream('case-c-1', [caseOpening('c-1')[0]!]);
      expect(await collect(store.readAll())).toHaveLength(2);
      expect((await collect(other.readAll())).map((e) => e.streamPosition)).toEqual([0]);
      expect(standIn.log.readStream('hallbCase-c-1', 'start', 'forwards', 10)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('eventstoredb store: subscriptions', () => {
  it('given system events arriving live, when subscribed, then the handler sees only ours and the checkpoint is a commit position', async () => {
    const { store, standIn } = await open();
    const seen: StoredEvent[] = [];
    const subscription = store.subscribe({ handler: (e) => void seen.push(e) });
    await subscription.caughtUp();
    standIn.appendJson('$stats-127.0.0.1:2113', '$statsCollected', {});
    const { events } = await store.appendToStream('consultation-a', consultations(0, 2));
    standIn.appendJson('orders-1', 'OrderPlaced', {});
    await vi.waitFor(() => expect(seen).toHaveLength(2), { timeout: 5000, interval: 5 });
    await subscription.caughtUp();
    expect(subscription.checkpoint).toBe(events[1]!.globalPosition);
    await subscription.stop();
  });

  it('given the server goes away, when subscribed, then onRetry hears of each failed attempt, the subscription does not stop, and caughtUp rejects', async () => {
    const { store, standIn } = await open();
    await store.appendToStream('consultation-a', consultations(0, 2));
    const errors: unknown[] = [];
    const retries: { attempt: number; checkpoint: number }[] = [];
    const subscription = store.subscribe({ handler: () => undefined, onError: (error) => errors.push(error), onRetry: (r) => retries.push(r), maxRetryDelayMs: 20 });
    await subscription.caughtUp();
    const checkpoint = subscription.checkpoint;
    await standIn.stop();
    await vi.waitFor(() => expect(retries.length).toBeGreaterThanOrEqual(2), { timeout: 5000, interval: 5 });
    expect(retries.slice(0, 2)).toEqual([expect.objectContaining({ attempt: 1, checkpoint }), expect.objectContaining({ attempt: 2, checkpoint })]);
    expect(errors).toEqual([]);
    await expect(subscription.caughtUp()).rejects.toBeDefined();
    await subscription.stop();
  });
});
