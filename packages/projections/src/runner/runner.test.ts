import type { StoredEvent } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import { APPROVER, CLERK, createEngineHall, type EngineHall } from '../golden/engine-hall.fixture';
import { createInMemoryCheckpointStore } from './checkpoints';
import type { Projection } from './projection';
import { asOf, rebuild } from './rebuild';
import { createProjectionRunner } from './runner';
import { stableStringify } from './stable-json';

const pad = (n: number) => String(n).padStart(2, '0');
const april = (day: number, hour: number, minute: number) => `2024-04-${pad(day)}T${pad(hour)}:${pad(minute)}:00+08:00`;

/** Counts events by type and remembers the order of case ids: order-sensitive on purpose. */
const tally: Projection<{ byType: Record<string, number>; order: string[] }> = {
  name: 'tally',
  version: 1,
  init: () => ({ byType: {}, order: [] }),
  apply: (s, e) => {
    s.byType[e.type] = (s.byType[e.type] ?? 0) + 1;
    s.order.push(`${e.globalPosition}:${e.type}`);
    return s;
  },
};

const completions: Projection<{ n: number }> = {
  name: 'completions',
  version: 1,
  eventTypes: ['CaseCompleted'],
  init: () => ({ n: 0 }),
  apply: (s) => {
    s.n += 1;
    return s;
  },
};

interface Log {
  readonly hall: EngineHall;
  /** The global position after the hall's own setup (its departments, windows, staff and items). */
  readonly setup: number;
  /** The last global position. */
  readonly end: number;
}

const lastPosition = async (hall: EngineHall): Promise<number> => {
  let last = 0;
  for await (const e of hall.store.readAll()) last = e.globalPosition;
  return last;
};

/**
 * `cases` market cases run as commands through the engine hall (4 events each): case i submitted
 * on Mon–Fri 2024-04-08..12 (by i mod 5) at 09:30 + i minutes, accepted 10 minutes later, decided
 * and completed the next day at 10:30 + i minutes; sent in the order they are recorded. With
 * `c0CompletionRecordedAt`, c0's completion goes in then as a late entry 补录 by the market
 * approver (one more event, `LateEntryRecorded`).
 */
const buildLog = async (cases = 12, c0CompletionRecordedAt?: string): Promise<Log> => {
  const hall = await createEngineHall();
  const setup = await lastPosition(hall);
  const steps: { recordedAt: string; send: () => Promise<unknown> }[] = [];
  for (let i = 0; i < cases; i++) {
    const caseId = `c${i}`;
    const day = 8 + (i % 5);
    steps.push({ recordedAt: april(day, 9, 30 + i), send: () => hall.accept(caseId, april(day, 9, 30 + i), 'SC-5', april(day, 9, 40 + i)) });
    steps.push({ recordedAt: april(day + 1, 10, 30 + i), send: () => hall.run('MakeDecision', { caseId, outcome: 'approved' }, CLERK, april(day + 1, 10, 30 + i)) });
    const completeAt = april(day + 1, 10, 31 + i);
    const late = i === 0 ? c0CompletionRecordedAt : undefined;
    steps.push(
      late === undefined
        ? { recordedAt: completeAt, send: () => hall.run('CompleteCase', { caseId, result: 'issued' }, CLERK, completeAt) }
        : {
            recordedAt: late,
            send: () => hall.run('RecordLateEntry', { caseId, reason: '系统停机后补录', entry: { type: 'CompleteCase', data: { caseId, result: 'issued' } } }, APPROVER, completeAt, late),
          },
    );
  }
  steps.sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt));
  for (const step of steps) await step.send();
  return { hall, setup, end: await lastPosition(hall) };
};

const output = (states: Record<string, unknown>) =>
  stableStringify({ tally: states.tally, completions: states.completions, cases: (states.caseFacts as { cases: unknown }).cases });

describe('projection runner', () => {
  it('given a log of twelve cases run as commands, when rebuilt twice, then the output is byte-identical', async () => {
    const { hall, setup, end } = await buildLog();
    const all = [tally, completions, caseFactsProjection];
    const a = await rebuild(hall.store, all);
    const b = await rebuild(hall.store, all);
    expect(end).toBe(setup + 12 * 4);
    expect(a.position).toBe(end);
    expect(output(a.states)).toBe(output(b.states));
    expect((a.states.completions as { n: number }).n).toBe(12);
  });

  it('given checkpoints at every position, when a runner resumes from each, then it ends where a full rebuild ends', async () => {
    const { hall, end } = await buildLog(6);
    const { store } = hall;
    const all = [tally, completions, caseFactsProjection];
    const expected = output((await rebuild(store, all)).states);
    for (let stop = 0; stop <= end; stop++) {
      const checkpoints = createInMemoryCheckpointStore();
      const partial = await asOf(store, all, { position: stop });
      for (const p of all) await checkpoints.save({ name: p.name, version: p.version, position: partial.position, state: partial.states[p.name] });
      const resumed = createProjectionRunner({ store, projections: all, checkpoints });
      await resumed.catchUp();
      expect(resumed.position).toBe(end);
      expect(output(resumed.result().states)).toBe(expected);
      expect(checkpoints.positions()).toEqual({ 'caseFacts@1': end, 'completions@1': end, 'tally@1': end });
    }
  });

  it('given a live runner, when results are delivered through the engine, then it folds them and saves checkpoints on stop', async () => {
    const { hall, end } = await buildLog(2);
    const checkpoints = createInMemoryCheckpointStore();
    const runner = createProjectionRunner({ store: hall.store, projections: [completions], checkpoints, checkpointEvery: 1 });
    await runner.start();
    expect(runner.state<{ n: number }>('completions').n).toBe(2);
    await hall.run('DeliverResult', { caseId: 'c0', method: 'window' }, CLERK, april(12, 9, 0));
    await hall.run('DeliverResult', { caseId: 'c1', method: 'window' }, CLERK, april(12, 9, 1));
    await runner.caughtUp();
    expect(runner.position).toBe(end + 2);
    await runner.stop();
    expect(checkpoints.positions()).toEqual({ 'completions@1': end + 2 });
  });

  it('given c0 completed Tue Apr 9 but entered late on Thu Apr 11, when projected as of Apr 11 00:00, then by business time c0 and c1 count, by recording time only c1', async () => {
    const { hall, setup } = await buildLog(5, april(11, 9, 0));
    const events: StoredEvent[] = [];
    for await (const e of hall.store.readAll()) events.push(e);
    const byPosition = await asOf(hall.store, [completions], { position: setup + 9 });
    expect(byPosition.position).toBe(setup + 9);
    const cutoff = april(11, 0, 0);
    const byTime = await asOf(events, [completions], { occurredAt: cutoff });
    const expected = events.filter((e) => e.type === 'CaseCompleted' && Date.parse(e.occurredAt) <= Date.parse(cutoff)).length;
    expect(expected).toBe(2);
    expect((byTime.states.completions as { n: number }).n).toBe(expected);
    const byRecorded = await asOf(events, [completions], { recordedAt: cutoff });
    expect((byRecorded.states.completions as { n: number }).n).toBe(1);
  });
});
