import { chinaCalendar, createWorkClock, parseInstant, type EventStore } from '@banjian/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { buildReport, reportFromFacts, type ReportOptions } from '../report/build-report';
import { createInMemoryCheckpointStore } from '../runner/checkpoints';
import { asOf } from '../runner/rebuild';
import { createProjectionRunner } from '../runner/runner';
import { caseScript, registerHall, workingDayLimits } from './case-script';
import { createLogWriter } from './log-writer';

const clock = createWorkClock({ calendar: chinaCalendar() });
const t = (local: string) => parseInstant(`${local}:00+08:00`);
const desk = (n: number) => ({ departmentId: `dept-${n}`, windowId: `win-${n}`, staffId: `staff-${n}` });

/** A city hall with a township centre below it, cases at both, evaluations, a complaint and a transfer. */
const buildTree = async (): Promise<EventStore> => {
  const w = createLogWriter();
  registerHall(w, clock, { hallId: 'city', name: '市中心', level: 'city', desks: [desk(1), desk(2)], at: t('2024-01-02T08:00') });
  registerHall(w, clock, { hallId: 'town', name: '乡镇便民服务中心', level: 'township', parentId: 'city', desks: [desk(3)], at: t('2024-01-02T08:30') });
  const days = ['2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08', '2024-03-11'];
  days.forEach((day, i) => {
    for (const [hall, d] of [['city', desk(1 + (i % 2))], ['town', desk(3)]] as const) {
      const id = `${hall}-${i}`;
      const c = caseScript(w, clock, { caseId: id, hallId: hall, itemCode: `I${i % 3}` })
        .submit(t(`${day}T09:10`))
        .accept(t(`${day}T09:40`), d, i % 2 === 0 ? 'immediate' : 'promised', workingDayLimits(10, i % 2 === 0 ? 1 : 3));
      if (i === 3 && hall === 'city') c.transfer(t(`${day}T11:00`), d, desk(1));
      if (i < 5) c.complete(t(`${day}T16:00`)).evaluate(t(`${day}T16:10`), `e-${id}`, i === 2 ? 2 : 5);
    }
  });
  w.add('complaint-k1', 'ComplaintFiled', {
    complaintId: 'k1', hallId: 'town', channel: 'phone', subject: { kind: 'window', id: 'win-3' }, answerDueAt: clock.toInstant(t('2024-03-08T17:30')),
  }, clock.toInstant(t('2024-03-05T10:00')));
  w.add('complaint-k1', 'ComplaintAnswered', { complaintId: 'k1', resolution: '已答复' }, clock.toInstant(t('2024-03-07T10:00')));
  return w.flush();
};

const options: ReportOptions = { from: '2024-03-01', to: '2024-04-01', hall: 'city' };

describe('rebuild and as-of of the report', () => {
  let store: EventStore;
  let size = 0;
  beforeAll(async () => {
    store = await buildTree();
    for await (const _ of store.readAll()) size++;
  });

  it('given a hall tree, when the parent is reported, then the township rolls up into it and not the other way round', async () => {
    const city = await buildReport(store, options);
    const town = await buildReport(store, { ...options, hall: 'town' });
    expect(city.hall).toEqual({ id: 'city', name: '市中心', halls: ['city', 'town'] });
    expect(city.figures.accepted!.value).toBe(12);
    expect(town.figures.accepted!.value).toBe(6);
    expect(town.figures.complaintOnTimeAnswerRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(city.figures.badReviewRate).toMatchObject({ numerator: 2, denominator: 10 });
  });

  it('given checkpoints at every position, when a runner resumes from each, then the report is byte-identical', async () => {
    const expected = JSON.stringify(await buildReport(store, { ...options, by: 'department' }));
    for (let k = 0; k <= size; k += 3) {
      const checkpoints = createInMemoryCheckpointStore();
      const partial = await asOf(store, [caseFactsProjection], { position: k });
      await checkpoints.save({ name: 'caseFacts', version: 1, position: k, state: partial.states.caseFacts });
      const runner = createProjectionRunner({ store, projections: [caseFactsProjection], checkpoints });
      const position = await runner.catchUp();
      const resumed = reportFromFacts(runner.state<CaseFactsState>('caseFacts'), position, { ...options, by: 'department' });
      expect(JSON.stringify(resumed)).toBe(expected);
    }
  });

  it('given an as-of position, when reported, then the report carries that checkpoint and only what was known then', async () => {
    const all = await buildReport(store, options);
    const early = await buildReport(store, { ...options, asOf: { position: Math.floor(size / 2) } });
    expect(all.checkpoint).toBe(size);
    expect(early.checkpoint).toBe(Math.floor(size / 2));
    expect(early.figures.accepted!.value as number).toBeLessThan(all.figures.accepted!.value as number);
    const byTime = await buildReport(store, { ...options, asOf: { occurredAt: '2024-03-06T00:00:00+08:00' } });
    expect(byTime.figures.accepted!.value).toBe(4);
  });
});
