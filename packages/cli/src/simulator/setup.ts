import type { Actor, AnyCommand } from '@banjian/core';
import type { HallSetup } from './hall-config';
import { deviceId } from './hall-people';

/** The hall system's own actor: it registers the halls and defines the catalogue (spec: org administration). */
export const SIMULATOR_ACTOR: Actor = { kind: 'system', id: 'banjian-hall-simulator' };

/**
 * The commands that set the hall tree up before the year starts (1 December of the year before):
 * halls (parents first), departments, windows, staff, evaluation devices and the catalogue.
 */
export const setupCommands = (setup: HallSetup, year: number): AnyCommand[] => {
  const at = `${year - 1}-12-01T08:30:00+08:00`;
  const effectiveFrom = `${year - 1}-12-01`;
  const commands: AnyCommand[] = [];
  const send = (type: string, data: object) => {
    commands.push({ type, data, metadata: { commandId: `setup/${commands.length + 1}`, actor: SIMULATOR_ACTOR, at } } as unknown as AnyCommand);
  };
  for (const hall of setup.halls) {
    const { hallId } = hall;
    send('RegisterHall', {
      hallId, name: hall.name, level: hall.level, ...(hall.parentId ? { parentId: hall.parentId } : {}),
      timeZone: 'Asia/Shanghai', officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn',
    });
    for (const d of hall.departments) send('RegisterDepartment', { hallId, departmentId: d.departmentId, name: d.name });
    for (const w of hall.windows) send('OpenWindow', { hallId, windowId: w.windowId, kind: w.kind, ...(w.departmentId ? { departmentId: w.departmentId } : {}) });
    for (const s of hall.staff) send('RegisterStaff', { hallId, ...s });
    for (const w of hall.windows) for (let n = 1; n <= w.devices; n++) send('InstallDevice', { hallId, deviceId: deviceId(w.windowId, n), windowId: w.windowId });
    for (const item of hall.items) {
      send('DefineServiceItem', {
        hallId, itemCode: item.itemCode, version: 1, name: item.name, departmentId: item.departmentId, kind: item.kind, limits: item.limits, effectiveFrom,
      });
    }
  }
  return commands;
};

/** Every event type a simulated year produces (compensating corrections 更正 are left to their own tools). */
export const SIMULATED_EVENT_TYPES = [
  'HallRegistered', 'DepartmentRegistered', 'WindowOpened', 'StaffRegistered', 'DeviceInstalled', 'ServiceItemDefined',
  'ConsultationRecorded', 'ComplaintFiled', 'ComplaintAnswered',
  'ApplicationSubmitted', 'CorrectionRequested', 'CorrectionSupplied', 'CaseAccepted', 'CaseRejected', 'CaseWithdrawn',
  'CaseTransferred', 'StepCompleted', 'JointReviewRequested', 'JointOpinionReturned', 'DeemedConsentApplied',
  'CaseEscalated', 'EscalationReturned', 'ClockSuspended', 'ClockResumed', 'TimeLimitExtended', 'DeadlineRecomputed',
  'DecisionMade', 'CaseCompleted', 'ResultDelivered', 'ApplicantNoShow', 'VisitRecorded',
  'EvaluationSubmitted', 'BadReviewTriaged', 'BadReviewReplied', 'BadReviewRectified', 'BadReviewCalledBack',
  'EvaluationAppealed', 'EvaluationAppealDecided', 'FollowUpRecorded',
  'LateEntryRecorded', 'AlertRaised', 'AlertCleared', 'ComplaintAlertRaised', 'ComplaintAlertCleared',
] as const;
