import { chinaCalendar, createWorkClock, parseInstant, type StoredEvent } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import { caseScript, workingDayLimits } from '../golden/case-script';
import { createLogWriter } from '../golden/log-writer';
import { createInMemoryCheckpointStore } from './checkpoints';
import type { Projection } from './projection';
import { asOf, rebuild } from './rebuild';
import { createProjectionRunner } from './runner';
import { stableStringify } from './stable-json';

const clock = createWorkClock({ calendar: chinaCalendar() });
const desk = { departmentId: 'd', windowId: 'w', staffId: 's' };

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

const buildLog = async (cases = 12) => {
  const writer = createLogWriter();
  for (let i = 0; i < cases; i++) {
    const day = parseInstant(`2024-04-${String(8 + (i % 5)).padStart(2, '0')}T09:30:00+08:00`) + i * 60_000;
    caseScript(writer, clock, { caseId: `c${i}`, hallId: 'h', itemCode: 'I' })
      .submit(day)
      .accept(day + 600_000, desk, 'promised', workingDayLimits(10, 3))
      .complete(day + 86_400_000 + 3_600_000);
  }
  return writer.flush();
};

const output = (states: Record<string, unknown>) =>
  stableStringify({ tally: states.tally, completions: states.completions, cases: (states.caseFacts as { cases: unknown }).cases });

describe('projection runner', () => {
  it('given a log, when rebuilt twice, then the output is byte-identical', async () => {
    const store = await buildLog();
    const all = [tally, completions, caseFactsProjection];
    const a = await rebuild(store, all);
    const b = await rebuild(store, all);
    expect(a.position).toBe(36);
    expect(output(a.states)).toBe(output(b.states));
    expect((a.states.completions as { n: number }).n).toBe(12);
  });

  it('given checkpoints at every position, when a runner resumes from each, then it ends where a full rebuild ends', async () => {
    const store = await buildLog(6);
    const all = [tally, completions, caseFactsProjection];
    const expected = output((await rebuild(store, all)).states);
    for (let stop = 0; stop <= 18; stop++) {
      const checkpoints = createInMemoryCheckpointStore();
      const partial = await asOf(store, all, { position: stop });
      for (const p of all) await checkpoints.save({ name: p.name, version: p.version, position: partial.position, state: partial.states[p.name] });
      const resumed = createProjectionRunner({ store, projections: all, checkpoints });
      await resumed.catchUp();
      expect(resumed.position).toBe(18);
      expect(output(resumed.result().states)).toBe(expected);
      expect(checkpoints.positions()).toEqual({ 'caseFacts@1': 18, 'completions@1': 18, 'tally@1': 18 });
    }
  });

  it('given a live runner, when events are appended, then it folds them and saves checkpoints on stop', async () => {
    const store = await buildLog(2);
    const checkpoints = createInMemoryCheckpointStore();
    const runner = createProjectionRunner({ store, projections: [completions], checkpoints, checkpointEvery: 1 });
    await runner.start();
    expect(runner.state<{ n: number }>('completions').n).toBe(2);
    await store.appendToStream('case-c0', [{ type: 'ResultDelivered', data: { caseId: 'c0', method: 'window' }, occurredAt: '2024-04-12T09:00:00+08:00', actor: { kind: 'staff', id: 's' } }]);
    await store.appendToStream('case-c1', [{ type: 'ResultDelivered', data: { caseId: 'c1', method: 'window' }, occurredAt: '2024-04-12T09:00:00+08:00', actor: { kind: 'staff', id: 's' } }]);
    await runner.caughtUp();
    expect(runner.position).toBe(8);
    await runner.stop();
    expect(checkpoints.positions()).toEqual({ 'completions@1': 8 });
  });

  it('given as-of bounds, when projected, then only events at or before the bound count', async () => {
    const store = await buildLog(5);
    const events: StoredEvent[] = [];
    for await (const e of store.readAll()) events.push(e);
    const byPosition = await asOf(store, [completions], { position: 9 });
    expect(byPosition.position).toBe(9);
    const cutoff = '2024-04-10T00:00:00+08:00';
    const byTime = await asOf(events, [completions], { occurredAt: cutoff });
    const expected = events.filter((e) => e.type === 'CaseCompleted' && Date.parse(e.occurredAt) <= Date.parse(cutoff)).length;
    expect((byTime.states.completions as { n: number }).n).toBe(expected);
    const byRecorded = await asOf(events, [completions], { recordedAt: cutoff });
    expect((byRecorded.states.completions as { n: number }).n).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(5);
  });
});
