import { describe, expect, it } from 'vitest';
import { actors } from '../org/hall.fixture';
import { application, t } from './case.fixture';
import { errorOf, hallOnSimulatedTime } from './hall-engine.fixture';

/** A market case 食品经营 (item P1, department market) submitted on Mon 2025-03-03 at the general window. */
const submittedMarketCase = async () => {
  const hall = hallOnSimulatedTime(t('2025-03-03', '09:30'));
  await hall.run('SubmitApplication', application('P1'), actors.general);
  hall.clock.set(t('2025-03-03', '10:00'));
  return hall;
};

describe('facts from the directory: who sits where (issue 9 item 5)', () => {
  it('given market staff claiming the tax window, when they act, then forbidden actor.window.notTheirs naming the command', async () => {
    const hall = await submittedMarketCase();
    const error = errorOf(await hall.send('AcceptCase', { windowId: 'w-market', staffId: 's-market' }, { ...actors.market, windowId: 'w-tax' }));
    expect(error).toMatchObject({ kind: 'forbidden', rule: 'actor.window.notTheirs', command: 'AcceptCase' });
  });

  it('given staff claiming a window that does not exist, then forbidden actor.window.registered', async () => {
    const hall = await submittedMarketCase();
    expect(errorOf(await hall.send('AcceptCase', { windowId: 'w-market', staffId: 's-market' }, { ...actors.market, windowId: 'w-nowhere' }))).toMatchObject({ rule: 'actor.window.registered' });
  });

  it('given tax staff claiming the market department, then forbidden actor.department.notTheirs', async () => {
    const hall = await submittedMarketCase();
    expect(errorOf(await hall.send('AcceptCase', { windowId: 'w-tax', staffId: 's-tax' }, { ...actors.tax, departmentId: 'market' }))).toMatchObject({ rule: 'actor.department.notTheirs' });
  });

  it('given staff whose claims match the directory, then the command goes through and the event carries them', async () => {
    const hall = await submittedMarketCase();
    const { events } = await hall.run('AcceptCase', { windowId: 'w-market', staffId: 's-market' }, { ...actors.market, windowId: 'w-market', departmentId: 'market' });
    expect(events[0]).toMatchObject({ type: 'CaseAccepted', actor: { id: 's-market', windowId: 'w-market', departmentId: 'market' }, data: { departmentId: 'market' } });
  });

  it('given staff who claim nothing, when they act, then the events record their window and department from the directory', async () => {
    const hall = await submittedMarketCase();
    const { events } = await hall.run('AcceptCase', { windowId: 'w-general', staffId: 's-general' }, { kind: 'staff', id: 's-general' });
    expect(events[0]!.actor).toEqual({ kind: 'staff', id: 's-general', windowId: 'w-general' });
    const { events: steps } = await hall.run('CompleteStep', { step: '审查', action: 'pass' }, { kind: 'staff', id: 's-market' });
    expect(steps[0]!.actor).toEqual({ kind: 'staff', id: 's-market', windowId: 'w-market', departmentId: 'market' });
  });

  it('given a device claiming another window than its own, then forbidden actor.window.notTheirs', async () => {
    const hall = await submittedMarketCase();
    const error = errorOf(await hall.send('SubmitEvaluation', { evaluationId: 'e1', level: 5, channel: 'device', round: 'first', realName: false, windowId: 'w-market' }, { ...actors.device, windowId: 'w-tax' }));
    expect(error).toMatchObject({ rule: 'actor.window.notTheirs' });
  });
});

describe('acceptance takes the department from the service item (一窗受理)', () => {
  it('given tax staff naming their own window for a market case, then forbidden auth.staff.notHolder and the case stays submitted', async () => {
    const hall = await submittedMarketCase();
    const error = errorOf(await hall.send('AcceptCase', { windowId: 'w-tax', staffId: 's-tax' }, actors.tax));
    expect(error).toMatchObject({ kind: 'forbidden', rule: 'auth.staff.notHolder', command: 'AcceptCase' });
    expect((await hall.store.readStream('case-c1')).map((e) => e.type)).toEqual(['ApplicationSubmitted']);
  });

  it('given the general window 综合窗口, then it accepts a market case, and the case goes to market', async () => {
    const hall = await submittedMarketCase();
    const { events } = await hall.run('AcceptCase', { windowId: 'w-general', staffId: 's-general' }, actors.general);
    expect(events[0]!.data).toMatchObject({ windowId: 'w-general', departmentId: 'market', staffId: 's-general' });
  });

  it('given the general window naming the tax window for a market case, then forbidden accept.window.forItemDepartment', async () => {
    const hall = await submittedMarketCase();
    expect(errorOf(await hall.send('AcceptCase', { windowId: 'w-tax', staffId: 's-general' }, actors.general))).toMatchObject({ kind: 'forbidden', rule: 'accept.window.forItemDepartment' });
  });

  it('given a named department other than the item’s, then invalidCommand accept.department.ofItem', async () => {
    const hall = await submittedMarketCase();
    expect(errorOf(await hall.send('AcceptCase', { windowId: 'w-market', staffId: 's-market', departmentId: 'tax' }, actors.market))).toMatchObject({ rule: 'accept.department.ofItem' });
  });

  it('given accepting staff of another department who sit at another window than the one named, then invalidCommand accept.staff.atWindowOrOfDepartment', async () => {
    const hall = await submittedMarketCase();
    expect(errorOf(await hall.send('AcceptCase', { windowId: 'w-general', staffId: 's-tax' }, actors.general))).toMatchObject({ rule: 'accept.staff.atWindowOrOfDepartment' });
  });
});
