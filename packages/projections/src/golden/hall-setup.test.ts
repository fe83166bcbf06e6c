import { chinaCalendar, createWorkClock, type StoredEvent } from '@banjian/core';
import { describe, expect, it } from 'vitest';
import { caseScript, workingDayLimits } from './case-script';
import { defineItems, recordConsultation, registerHall } from './hall-setup';
import { createLogWriter } from './log-writer';

const clock = createWorkClock({ calendar: chinaCalendar() });
const ms = (local: string) => Date.parse(`${local}:00+08:00`);
const desk = { departmentId: 'market', windowId: 'w-m', staffId: 'clerk-m' };
const item = { itemCode: 'SC-5', departmentId: 'market', kind: 'promised' as const, limits: workingDayLimits(20, 5) };

const allEvents = async (store: { readAll(): AsyncIterable<StoredEvent> }) => {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
};

/** A hall set up by commands, a case scripted beside it, two consultations sent on either side of the case. */
const scenario = () => {
  const writer = createLogWriter();
  // queued out of time order on purpose: the writer takes everything by business time
  recordConsultation(writer, clock, { consultationId: 'q-2', hallId: 'h1', desk }, ms('2024-03-05T14:00'));
  caseScript(writer, clock, { caseId: 'c1', hallId: 'h1', itemCode: 'SC-5' }).submit(ms('2024-03-04T09:00')).accept(ms('2024-03-04T09:20'), desk, item.kind, item.limits);
  recordConsultation(writer, clock, { consultationId: 'q-1', hallId: 'h1', desk }, ms('2024-03-04T14:00'));
  registerHall(writer, clock, { hallId: 'h1', name: '某县政务服务中心', level: 'county', desks: [desk], at: ms('2024-01-02T08:00') });
  defineItems(writer, clock, 'h1', [item], ms('2024-01-02T08:10'));
  return writer;
};

describe('hall setup and consultations, sent as commands through the engine', () => {
  it('given a hall, its catalogue and consultations, when the log is written, then the engine recorded them in time order, one stream a consultation, the staff\'s window on the trail', async () => {
    const events = await allEvents(await scenario().flush());
    expect(events.map((e) => [e.streamId, e.type])).toEqual([
      ['hall-h1', 'HallRegistered'], ['hall-h1', 'DepartmentRegistered'], ['hall-h1', 'WindowOpened'], ['hall-h1', 'StaffRegistered'],
      ['catalog-h1', 'ServiceItemDefined'],
      ['case-c1', 'ApplicationSubmitted'], ['case-c1', 'CaseAccepted'],
      ['consultation-q-1', 'ConsultationRecorded'], ['consultation-q-2', 'ConsultationRecorded'],
    ]);
    // what only the engine writes: the command that caused each event, recorded at its business time
    const sent = events.filter((e) => !e.streamId.startsWith('case-'));
    for (const e of sent) expect(e).toMatchObject({ commandId: expect.stringMatching(/^cmd-/), recordedAt: e.occurredAt });
    expect(events.at(-1)!.actor).toMatchObject({ kind: 'staff', id: 'clerk-m', windowId: 'w-m', departmentId: 'market' });
    expect(events.find((e) => e.type === 'HallRegistered')!.data).toEqual({
      hallId: 'h1', name: '某县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn',
    });
  });

  it('given a consultation at a window the hall never opened, when the log is written, then the decider refuses it and the flush fails', async () => {
    const writer = scenario();
    recordConsultation(writer, clock, { consultationId: 'q-3', hallId: 'h1', desk: { ...desk, windowId: 'w-nowhere' } }, ms('2024-03-06T14:00'));
    await expect(writer.flush()).rejects.toThrow(/consultation\.window\.registered/);
  });
});
