import { describe, expect, it } from 'vitest';
import { givenAuditHall, clerk, taxClerk } from '../audit/audit.fixture';
import type { CaseFactsState } from '../cases/facts';
import { caseFactsProjection } from '../cases/projection';
import { rebuild } from '../runner/rebuild';
import { computeFigures } from './query';

describe('lateEntries 补录 figure, per staff and per department', () => {
  it('given two late entries by the market approver and one by the tax approver in March, then lateEntries counts 3, by staff a1: 2, a2: 1, by department market: 2, tax: 1', async () => {
    const hall = await givenAuditHall();
    await hall.open('m1', '2025-03-04T09:00:00+08:00');
    await hall.open('tax1', '2025-03-04T09:10:00+08:00', { itemCode: 'TX-001' });
    // recorded days later than they happened: each goes in as RecordLateEntry by the department's approver (a1, a2)
    await hall.run('CompleteStep', { caseId: 'm1', step: '审查', action: 'pass' }, clerk, '2025-03-05T10:00:00+08:00', '2025-03-10T10:00:00+08:00');
    await hall.run('MakeDecision', { caseId: 'm1', outcome: 'approved' }, clerk, '2025-03-06T10:00:00+08:00', '2025-03-10T10:01:00+08:00');
    await hall.run('MakeDecision', { caseId: 'tax1', outcome: 'approved' }, taxClerk, '2025-03-06T11:00:00+08:00', '2025-03-11T10:00:00+08:00');
    // the completion is recorded on time: no late entry
    await hall.run('CompleteCase', { caseId: 'm1', result: 'issued' }, clerk, '2025-03-11T11:00:00+08:00');

    const state = (await rebuild(hall.store, [caseFactsProjection])).states.caseFacts as CaseFactsState;
    const period = { from: '2025-03-01', to: '2025-04-01' };
    expect(computeFigures(state, { period, hall: 'h1' }).figures.lateEntries).toMatchObject({ value: 3, definition: 'lateEntries@1' });
    const byStaff = computeFigures(state, { period, hall: 'h1', by: 'staff' }).groups!.map((g) => [g.key, g.figures.lateEntries?.value]);
    expect(byStaff.filter(([, v]) => v !== 0)).toEqual([['a1', 2], ['a2', 1]]);
    const byDepartment = computeFigures(state, { period, hall: 'h1', by: 'department' }).groups!.map((g) => [g.key, g.figures.lateEntries?.value]);
    expect(byDepartment).toEqual([['market', 2], ['tax', 1]]);
    // counted when recorded: none in February
    expect(computeFigures(state, { period: { from: '2025-02-01', to: '2025-03-01' }, hall: 'h1' }).figures.lateEntries).toMatchObject({ value: 0 });
  });
});
