import type { AnyCommand } from '@banjian/core';
import type { PlannedCommand } from './agenda';
import { officeMinute } from './case-plan';
import { staffActor, type HallPeople } from './hall-people';
import type { Random } from './random';
import { daysLater, type Moment, type Timeline } from './timeline';

const TOPICS = ['办事指南咨询', '所需材料咨询', '办理进度查询', '收费标准咨询', '网上办理操作咨询', '证照领取咨询'];
const COMPLAINTS = ['窗口人员态度生硬', '等候时间过长', '一次性告知不到位', '办理超出承诺时限'];

const planned = (at: Moment, timeline: Timeline, type: string, data: object, metadata: { commandId: string; actor: object }): PlannedCommand => ({
  at,
  command: { type, data, metadata: { ...metadata, at: timeline.instant(at) } } as unknown as AnyCommand,
});

/** 咨询/首问登记 at the enquiry desk (not a case; counts for 咨询). */
export const planConsultation = (rng: Random, people: HallPeople, timeline: Timeline, consultationId: string, day: number): PlannedCommand => {
  const { hall, enquiry } = people;
  const item = rng.chance(0.6) ? rng.pick(hall.items) : undefined;
  return planned({ day, minute: officeMinute(rng) }, timeline, 'RecordConsultation', {
    consultationId, hallId: hall.hallId, windowId: enquiry.windowId!, topic: rng.pick(TOPICS), ...(item ? { itemCode: item.itemCode } : {}),
  }, { commandId: `${consultationId}/1`, actor: staffActor(enquiry) });
};

/** 投诉: filed at the complaints window about a department window or its staff, answered by the supervisor (`lateShare` of them late). */
export const planComplaint = (rng: Random, people: HallPeople, timeline: Timeline, complaintId: string, day: number, lateShare = 0.1): PlannedCommand[] => {
  const { hall, supervisor } = people;
  const desk = people.complaints ?? people.intake[0]!;
  const windows = hall.windows.filter((w) => w.kind === 'department' || w.kind === 'general');
  const window = rng.pick(windows);
  const staff = hall.staff.filter((s) => s.windowId === window.windowId);
  const subject = rng.chance(0.5) && staff.length > 0 ? { kind: 'staff' as const, id: rng.pick(staff).staffId } : { kind: 'window' as const, id: window.windowId };
  const filed: Moment = { day, minute: officeMinute(rng) };
  // Due 3 working days after filing (the hall's default): a late answer comes on the 4th or 5th.
  const answered = daysLater(filed, rng.chance(lateShare) ? rng.int(4, 5) : rng.int(1, 2), officeMinute(rng));
  return [
    planned(filed, timeline, 'FileComplaint', {
      complaintId, hallId: hall.hallId, channel: rng.pick(['window', 'phone', 'hotline', 'online'] as const), subject, content: rng.pick(COMPLAINTS),
    }, { commandId: `${complaintId}/1`, actor: staffActor(desk) }),
    planned(answered, timeline, 'AnswerComplaint', { complaintId, resolution: '已核实，约谈当事窗口人员并向投诉人反馈' }, {
      commandId: `${complaintId}/2`, actor: staffActor(supervisor),
    }),
  ];
};
