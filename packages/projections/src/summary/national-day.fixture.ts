import type { EventStore } from '@banjian/core';
import { caseFactsProjection } from '../cases/projection';
import type { CaseFactsState } from '../cases/facts';
import { CLERK, createEngineHall, type EngineHall } from '../golden/engine-hall.fixture';
import { rebuild } from '../runner/rebuild';

/**
 * Test log around National Day 2024 (Oct 1–7 off; Sun Sep 29 and Sat Oct 12 are make-up working
 * days), built by running commands through the real deciders and the command engine (engine hall
 * h1 in Asia/Shanghai, 7 office hours a day), each at its own instant, in time order:
 * - C-ND accepted Mon Sep 30 10:00 at the market desk (market/w-m/clerk-m, item SC-5), 5 working
 *   days → due Sat Oct 12 17:30 (statutory 20 → Fri Nov 1 17:30);
 * - C-LATER accepted Tue Oct 8 10:00 at the tax desk (tax/w-t/clerk-t, item TX-10 defined here),
 *   10 working days → due Mon Oct 21 17:30;
 * - C-DONE accepted Sep 30 09:30 at the market desk, completed Oct 8 11:00.
 */
export const nationalDayHall = async (): Promise<EngineHall> => {
  const hall = await createEngineHall({ setupAt: '2024-01-02T09:00:00+08:00' });
  await hall.run('DefineServiceItem', {
    hallId: 'h1', itemCode: 'TX-10', version: 1, name: '税务行政许可', departmentId: 'tax', kind: 'promised',
    limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 10, unit: 'workingDays' } }, effectiveFrom: '2015-01-01',
  }, { kind: 'system', id: 'admin' }, '2024-01-02T09:00:00+08:00');
  await hall.accept('C-DONE', '2024-09-30T09:20:00+08:00', 'SC-5', '2024-09-30T09:30:00+08:00');
  await hall.accept('C-ND', '2024-09-30T09:50:00+08:00', 'SC-5', '2024-09-30T10:00:00+08:00');
  await hall.accept('C-LATER', '2024-10-08T09:50:00+08:00', 'TX-10', '2024-10-08T10:00:00+08:00');
  await hall.run('MakeDecision', { caseId: 'C-DONE', outcome: 'approved' }, CLERK, '2024-10-08T10:55:00+08:00');
  await hall.run('CompleteCase', { caseId: 'C-DONE', result: 'issued' }, CLERK, '2024-10-08T11:00:00+08:00');
  return hall;
};

export const caseFactsOf = async (store: EventStore): Promise<CaseFactsState> =>
  (await rebuild(store, [caseFactsProjection])).states[caseFactsProjection.name] as CaseFactsState;
