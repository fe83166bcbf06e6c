import {
  createInMemoryEventStore, GENESIS_HASH, hasRawRanges, sealEnvelope, verifyLog, type EventToAppend, type HashAlgorithm, type RawEventRecord,
} from '@banjian/core';
import { createSqliteEventStore } from '@banjian/adapters';
import { hallMixStoreFile } from './rebuild-sqlite.bench';
import type { BenchSuite, Metric } from './types';

/**
 * verify over 500,000 events of the in-memory store's raw records (hash of stored bytes, stream
 * checks, Merkle tree), worker start-up included:
 * - `verify.memory.eventsPerS`: two threads (`parallel: true`, as `banjian verify` runs);
 * - `verify.memory.oneThread.eventsPerS`: one thread;
 * - `verify.sm3.eventsPerS`: two threads over the same log sealed with SM3.
 *
 * - `verify.sqlite.eventsPerS`: a SQLite store verified by ranges on every core (as `banjian verify`
 *   runs: each thread reads its ranges from the file itself) — the 1,000,000-event hall mix file of
 *   `rebuild.sqlite` (built once and cached, see bench/rebuild-sqlite.bench.ts). Target ≥ 200,000 events/s.
 *   `verify.sqlite.eventsPerCpuS` divides by this process's CPU time (every thread) instead: what
 *   the walk costs whatever else the machine runs.
 */
const EVENTS = 500_000;
const PER_CASE = 5;
const HALL_MIX_EVENTS = 1_000_000;
const actor = { kind: 'staff', id: 'staff-1', windowId: 'window-1', departmentId: 'dept-1' } as const;

const occurredAt = (i: number) => new Date(Date.UTC(2025, 2, 4, 1) + i * 1000).toISOString();

const caseEvents = (caseId: string, base: number): EventToAppend[] => [
  {
    type: 'ApplicationSubmitted',
    data: { caseId, caseNo: `NO-${caseId}`, hallId: 'hall-1', itemCode: 'ITEM-001', channel: 'window', applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['身份证', '申请表'] },
    occurredAt: occurredAt(base),
    actor,
  },
  ...Array.from({ length: PER_CASE - 1 }, (_, k): EventToAppend => ({ type: 'VisitRecorded', data: { caseId, purpose: 'enquire' }, occurredAt: occurredAt(base + k + 1), actor })),
];

const fillStore = async () => {
  const store = createInMemoryEventStore({ now: () => '2025-03-04T09:00:00+08:00' });
  for (let c = 0; c < EVENTS / PER_CASE; c++) await store.appendToStream(`case-${c}`, caseEvents(String(c), c));
  return store;
};

/** Seal the memory store's records again with another algorithm (same bytes, other chain). */
const reseal = (records: readonly RawEventRecord[], algorithm: HashAlgorithm): RawEventRecord[] => {
  const heads = new Map<string, string>();
  return records.map((r) => {
    const prevHash = heads.get(r.streamId) ?? GENESIS_HASH;
    const envelope = JSON.parse(r.canonical) as Record<string, unknown>;
    const { canonical, event } = sealEnvelope(algorithm, prevHash, envelope);
    heads.set(r.streamId, event.hash);
    return { ...r, canonical, prevHash, hash: event.hash };
  });
};

/** Best of `runs` after a warm-up: events per second of wall time, and per second of this process's CPU time. */
const measure = async (name: string, run: () => Promise<{ ok: boolean; events: number }>, events = EVENTS, runs = 3): Promise<{ perS: Metric; perCpuS: Metric }> => {
  await run(); // warm-up
  let best = 0;
  let bestCpu = 0;
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result = await run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    if (!result.ok || result.events !== events) throw new Error(`${name}: verify failed on an intact log`);
    best = Math.max(best, result.events / seconds);
    bestCpu = Math.max(bestCpu, result.events / ((used.user + used.system) / 1e6));
  }
  return { perS: { name, value: Math.round(best), unit: 'events/s' }, perCpuS: { name: name.replace(/eventsPerS$/, 'eventsPerCpuS'), value: Math.round(bestCpu), unit: 'events/cpu-s' } };
};
const eventsPerS = async (name: string, run: () => Promise<{ ok: boolean; events: number }>, events = EVENTS, runs = 3): Promise<Metric> => (await measure(name, run, events, runs)).perS;

const suite: BenchSuite = {
  metrics: ['verify.memory.eventsPerS', 'verify.memory.oneThread.eventsPerS', 'verify.sm3.eventsPerS', 'verify.sqlite.eventsPerS', 'verify.sqlite.eventsPerCpuS'],
  async run(selected) {
    const metrics: Metric[] = [];
    if (selected.has('verify.sqlite.eventsPerS') || selected.has('verify.sqlite.eventsPerCpuS')) {
      const sqlite = createSqliteEventStore({ path: await hallMixStoreFile(), synchronous: 'NORMAL' });
      try {
        if (!hasRawRanges(sqlite)) throw new Error('verify.sqlite: the store file is not readable by range');
        const source = sqlite;
        const { perS, perCpuS } = await measure('verify.sqlite.eventsPerS', () => verifyLog(source, { algorithm: sqlite.hashAlgorithm, denseGlobalPositions: true, parallel: true }), HALL_MIX_EVENTS, 2);
        metrics.push(...[perS, perCpuS].filter((m) => selected.has(m.name)));
      } finally {
        await sqlite.close();
      }
    }
    if (![...selected].some((m) => m.startsWith('verify.memory') || m.startsWith('verify.sm3'))) return metrics;
    const store = await fillStore();
    if (selected.has('verify.memory.eventsPerS')) metrics.push(await eventsPerS('verify.memory.eventsPerS', () => verifyLog(store.readRaw(), { parallel: true })));
    if (selected.has('verify.memory.oneThread.eventsPerS')) metrics.push(await eventsPerS('verify.memory.oneThread.eventsPerS', () => verifyLog(store.readRaw())));
    if (selected.has('verify.sm3.eventsPerS')) {
      const records: RawEventRecord[] = [];
      for await (const r of store.readRaw()) records.push(r);
      const sm3 = reseal(records, 'sm3');
      metrics.push(await eventsPerS('verify.sm3.eventsPerS', () => verifyLog(sm3, { algorithm: 'sm3', parallel: true })));
    }
    await store.close();
    return metrics;
  },
};

export default suite;
