import { defaultAuthorizationPolicy, type Actor, type AnyCommand, type AuthorizationPolicy, type WorkClock } from '@banjian/core';
import type { PlannedCommand } from './agenda';
import type { HallConfig, ItemConfig, StaffConfig } from './hall-config';
import { staffActor, type HallPeople } from './hall-people';
import type { Random } from './random';
import { later, type Moment, type Timeline } from './timeline';

/**
 * Planted anomalies 异常办件 (`banjian demo --anomalies`): cases whose histories are frauds the
 * audit must find, each sent through the engine like any other (late entries as 补录, a legacy
 * writer's back-dated submission through the stamping store). How many of each is fixed; the seed
 * decides which days, items and people.
 */
export const PLANTED_COUNTS = Object.freeze({
  'backdated@1': 6,
  'offSystem@1': 3,
  'noWorkingTime@1': 4,
  'resubmission@1': 3,
  'lateStop@1': 4,
  'repeatedSuspension@1': 3,
  'evaluationBurst@1': 2,
  'staffEvaluation@1': 3,
  'appealExcluded@1': 3,
});

export type PlantedDefinition = keyof typeof PLANTED_COUNTS;

/** How a planted command is recorded when not at its business time. */
export interface Recording {
  /** The instant it is recorded (the engine's clock, or the legacy writer's stamp). */
  readonly at: string;
  /** `lateEntry`: sent as RecordLateEntry 补录; `legacyWriter`: stored by a writer beside the engine. */
  readonly via: 'lateEntry' | 'legacyWriter';
}

/** A planted command: ordered by its recording moment; `recording` when it is not its business time. */
export interface PlantedCommand extends PlannedCommand {
  readonly recording?: Recording;
}

export interface AnomalyPlan {
  readonly commands: readonly PlantedCommand[];
  /** Case ids planted per definition (the case the finding names first). */
  readonly planted: Readonly<Record<PlantedDefinition, readonly string[]>>;
  /** The default policy, plus staff evaluating the planted staffEvaluation cases (a legacy hall system's policy). */
  readonly authorization: AuthorizationPolicy;
}

export interface AnomalyContext {
  readonly rng: Random;
  readonly hall: HallConfig;
  readonly people: HallPeople;
  readonly timeline: Timeline;
  readonly clock: WorkClock;
  readonly year: number;
}

const LAW = '《中华人民共和国行政许可法》第四十五条';
const MARK = 'anomaly';

/** One planted case's commands, sent in order; `business` dates a command earlier than it is recorded. */
const plantedCase = (ctx: AnomalyContext, caseId: string, out: PlantedCommand[]) => {
  let n = 0;
  return (type: string, data: Record<string, unknown>, actor: Actor, at: Moment, late?: { business: Moment; via: Recording['via']; by?: Actor }) => {
    const commandId = `${caseId}/${MARK}/${++n}`;
    const businessAt = ctx.timeline.instant(late?.business ?? at);
    const body = { caseId, ...data };
    const command =
      late?.via === 'lateEntry'
        ? { type: 'RecordLateEntry', data: { caseId, reason: '窗口系统停机，纸质受理后补录', entry: { type, data: body } }, metadata: { commandId, actor: late.by ?? actor, at: businessAt } }
        : { type, data: body, metadata: { commandId, actor, at: businessAt } };
    out.push({ at, command: command as unknown as AnyCommand, ...(late ? { recording: { at: ctx.timeline.instant(at), via: late.via } } : {}) });
  };
};

const promisedItems = (hall: HallConfig): ItemConfig[] => hall.items.filter((i) => i.kind === 'promised' && i.limits.promised.unit === 'workingDays' && i.limits.promised.value >= 3);

/** The working day the promised limit from a moment ends on. */
const dueDay = (ctx: AnomalyContext, from: Moment, item: ItemConfig): number =>
  ctx.timeline.dayOf(ctx.clock.localDate(ctx.clock.dueAt(ctx.timeline.epochMs(from), item.limits.promised).dueAt));

/** Plans every planted case of the year (`PLANTED_COUNTS` of each definition). */
export const planAnomalies = (ctx: AnomalyContext): AnomalyPlan => {
  const { rng, hall, people, year } = ctx;
  const commands: PlantedCommand[] = [];
  const planted = Object.fromEntries(Object.keys(PLANTED_COUNTS).map((k) => [k, [] as string[]])) as Record<PlantedDefinition, string[]>;
  const staffEvaluated = new Set<string>();
  const items = promisedItems(hall);
  if (items.length === 0) throw new RangeError(`hall ${hall.hallId} has no promised item to plant anomalies on`);
  let serial = 0;
  const lastDay = ctx.timeline.daysInYear - 40;
  const newCase = (definition: PlantedDefinition, options: { item?: ItemConfig; day?: number; applicant?: string; desk?: StaffConfig } = {}) => {
    const caseId = `${hall.hallId}-${year}-a${String(++serial).padStart(4, '0')}`;
    const item = options.item ?? rng.pick(items);
    const desk = options.desk ?? rng.pick(people.intake);
    const handler = rng.pick(people.handlersOf(item.departmentId));
    const approver = people.approverOf(item.departmentId);
    const day = options.day ?? rng.int(10, lastDay);
    const applicant = options.applicant ?? `p-${caseId}`;
    const send = plantedCase(ctx, caseId, commands);
    if (definition !== 'resubmission@1' || options.applicant === undefined) planted[definition].push(caseId);
    const submit = (at: Moment, late?: Parameters<typeof send>[4]) =>
      send('SubmitApplication', { caseNo: `BJ${year}A${String(serial).padStart(4, '0')}`, hallId: hall.hallId, itemCode: item.itemCode, channel: 'window', applicant: { type: 'person', ref: applicant }, materials: ['申请书', '身份证明材料'] }, staffActor(desk), at, late);
    const accept = (at: Moment, late?: Parameters<typeof send>[4]) => send('AcceptCase', { windowId: desk.windowId!, staffId: desk.staffId }, staffActor(desk), at, late);
    const complete = (at: Moment, late?: Parameters<typeof send>[4]) => {
      send('MakeDecision', { outcome: 'approved' }, staffActor(handler), at, late && { ...late, business: late.business });
      const next = later(at, 1);
      send('CompleteCase', { result: 'issued' }, staffActor(handler), next, late && { ...late, business: later(late.business, 1) });
      return next;
    };
    return { caseId, item, desk, handler, approver, day, applicant, send, submit, accept, complete };
  };

  // 倒签/补录: decision and completion entered two working days after the fact, as late entries
  for (let i = 0; i < PLANTED_COUNTS['backdated@1']; i++) {
    const c = newCase('backdated@1');
    c.submit({ day: c.day, minute: 30 });
    c.accept({ day: c.day, minute: 50 });
    c.complete({ day: c.day + 3, minute: 100 }, { business: { day: c.day + 1, minute: 60 }, via: 'lateEntry', by: staffActor(c.approver) });
  }
  // 体外循环: a whole case typed in at once by a legacy writer, a week after its declared times
  for (let i = 0; i < PLANTED_COUNTS['offSystem@1']; i++) {
    const c = newCase('offSystem@1');
    const typedIn = c.day + 6;
    c.submit({ day: typedIn, minute: 200 }, { business: { day: c.day, minute: 30 }, via: 'legacyWriter' });
    c.accept({ day: typedIn, minute: 201 }, { business: { day: c.day, minute: 60 }, via: 'legacyWriter' });
    c.complete({ day: typedIn, minute: 202 }, { business: { day: c.day + 2, minute: 100 }, via: 'legacyWriter' });
  }
  // 体外循环: accepted and completed two office minutes apart
  for (let i = 0; i < PLANTED_COUNTS['noWorkingTime@1']; i++) {
    const c = newCase('noWorkingTime@1');
    c.submit({ day: c.day, minute: 100 });
    c.accept({ day: c.day, minute: 105 });
    c.complete({ day: c.day, minute: 106 });
  }
  // 撤回重报: withdrawn two office hours before the due time, applied for again two working days later
  for (let i = 0; i < PLANTED_COUNTS['resubmission@1']; i++) {
    const first = newCase('resubmission@1');
    first.submit({ day: first.day, minute: 20 });
    first.accept({ day: first.day, minute: 40 });
    const due = dueDay(ctx, { day: first.day, minute: 40 }, first.item);
    first.send('WithdrawCase', { reason: '申请人撤回申请' }, { kind: 'applicant', id: first.applicant }, { day: due, minute: 300 });
    const again = newCase('resubmission@1', { item: first.item, day: due + 2, applicant: first.applicant });
    again.submit({ day: again.day, minute: 30 });
    again.accept({ day: again.day, minute: 50 });
    again.complete({ day: again.day + 2, minute: 100 });
  }
  // 临期延期: an extension approved an office hour and a half before the due time
  for (let i = 0; i < PLANTED_COUNTS['lateStop@1']; i++) {
    const c = newCase('lateStop@1');
    c.submit({ day: c.day, minute: 20 });
    c.accept({ day: c.day, minute: 40 });
    const due = dueDay(ctx, { day: c.day, minute: 40 }, c.item);
    c.send('ExtendTimeLimit', { by: { value: 10, unit: 'workingDays' }, approvedBy: c.approver.staffId, reason: '情况复杂，延长十个工作日' }, staffActor(c.approver), { day: due, minute: 330 });
    c.complete({ day: due + 3, minute: 100 });
  }
  // 多次挂起: three suspensions on consecutive days
  for (let i = 0; i < PLANTED_COUNTS['repeatedSuspension@1']; i++) {
    const c = newCase('repeatedSuspension@1');
    c.submit({ day: c.day, minute: 20 });
    c.accept({ day: c.day, minute: 40 });
    for (let k = 1; k <= 3; k++) {
      c.send('SuspendClock', { procedure: 'inspection', legalBasis: LAW }, staffActor(c.handler), { day: c.day + k, minute: 60 });
      c.send('ResumeClock', {}, staffActor(c.handler), { day: c.day + k, minute: 120 });
    }
    c.complete({ day: c.day + 4, minute: 100 });
  }
  // 刷好评: five cases at one window evaluated on its device within eight minutes
  const deviceDesks = hall.staff.filter((s) => s.role === 'windowStaff' && s.windowId !== undefined && people.deviceOf(s.windowId) !== undefined && people.intake.includes(s));
  for (let i = 0; i < PLANTED_COUNTS['evaluationBurst@1']; i++) {
    const desk = rng.pick(deviceDesks);
    const day = rng.int(10, lastDay);
    const device = people.deviceOf(desk.windowId!)!;
    for (let k = 0; k < 5; k++) {
      const c = newCase('evaluationBurst@1', { desk, day });
      if (k > 0) planted['evaluationBurst@1'].pop();
      c.submit({ day, minute: 10 + k });
      c.accept({ day, minute: 20 + k });
      c.complete({ day, minute: 60 + k });
      c.send('SubmitEvaluation', { evaluationId: `${c.caseId}-e1`, level: 5, channel: 'device', round: 'first', realName: false, windowId: desk.windowId!, staffId: c.handler.staffId }, { kind: 'device', id: device }, { day, minute: 300 + 2 * k });
    }
  }
  // 刷好评: an evaluation recorded by the handling staff
  for (let i = 0; i < PLANTED_COUNTS['staffEvaluation@1']; i++) {
    const c = newCase('staffEvaluation@1');
    c.submit({ day: c.day, minute: 20 });
    c.accept({ day: c.day, minute: 40 });
    c.complete({ day: c.day + 1, minute: 100 });
    staffEvaluated.add(c.caseId);
    c.send('SubmitEvaluation', { evaluationId: `${c.caseId}-e1`, level: 5, channel: 'pc', round: 'first', realName: true, windowId: c.desk.windowId!, staffId: c.handler.staffId }, staffActor(c.handler), { day: c.day + 1, minute: 130 });
  }
  // 删差评: a bad review appealed by the handler and excluded as mistaken by the department's own approver
  for (let i = 0; i < PLANTED_COUNTS['appealExcluded@1']; i++) {
    const c = newCase('appealExcluded@1');
    c.submit({ day: c.day, minute: 20 });
    c.accept({ day: c.day, minute: 40 });
    c.complete({ day: c.day + 1, minute: 100 });
    const evaluationId = `${c.caseId}-e1`;
    c.send('SubmitEvaluation', { evaluationId, level: 1, channel: 'mobile', round: 'first', realName: true, windowId: c.desk.windowId!, staffId: c.handler.staffId, comment: '办事拖拉' }, { kind: 'applicant', id: c.applicant }, { day: c.day + 1, minute: 300 });
    c.send('AppealEvaluation', { evaluationId, reason: '评价内容与事实不符' }, staffActor(c.handler), { day: c.day + 2, minute: 60 });
    c.send('DecideAppeal', { evaluationId, outcome: 'mistaken' }, staffActor(c.approver), { day: c.day + 3, minute: 60 });
  }

  const authorization: AuthorizationPolicy = (req) => {
    const caseId = (req.command.data as { caseId?: unknown }).caseId;
    return req.command.type === 'SubmitEvaluation' && typeof caseId === 'string' && staffEvaluated.has(caseId) ? { allowed: true } : defaultAuthorizationPolicy(req);
  };
  return { commands, planted, authorization };
};

/**
 * The simulator's hook for `--anomalies`: the authorization policy to decide with, the stamp a
 * legacy writer puts on the command being sent, the engine's clock for a planted command, and the
 * planting itself once the hall's calendar and people are known.
 */
export interface AnomalyHook {
  readonly authorization: AuthorizationPolicy;
  /** The `recordedAt` a legacy writer stamps on the command being sent, else undefined. */
  storeStamp(): string | undefined;
  /** The engine's clock for a planned command (its recording time when entered late), else undefined. */
  engineTime(planned: PlannedCommand | undefined): string | undefined;
  plant(ctx: AnomalyContext, agenda: { add(planned: readonly PlannedCommand[]): void }): void;
  readonly planted: AnomalyPlan['planted'] | undefined;
}

export const createAnomalyHook = (): AnomalyHook => {
  let plan: AnomalyPlan | undefined;
  let stamp: string | undefined;
  return {
    authorization: (req) => (plan ? plan.authorization(req) : defaultAuthorizationPolicy(req)),
    storeStamp: () => stamp,
    engineTime: (planned) => {
      const recording = (planned as PlantedCommand | undefined)?.recording;
      stamp = recording?.via === 'legacyWriter' ? recording.at : undefined;
      return recording?.via === 'lateEntry' ? recording.at : undefined;
    },
    plant: (ctx, agenda) => {
      plan = planAnomalies(ctx);
      agenda.add(plan.commands);
    },
    get planted() {
      return plan?.planted;
    },
  };
};
