import type { Actor } from '../events/primitives';
import type { Directory, StaffInfo } from '../org/directory';
import { allow, refuse, type AuthorizationDecision, type AuthorizationPolicy, type AuthorizationRequest } from './policy';

/** Hall, catalogue and calendar administration: done by the hall's system (its admin console), never at a window. */
const ORG_ADMIN = new Set([
  'RegisterHall', 'RegisterDepartment', 'OpenWindow', 'CloseWindow', 'RegisterStaff', 'InstallDevice',
  'DefineServiceItem', 'ReviseServiceItem', 'SuspendServiceItem', 'RepealServiceItem', 'ReinstateServiceItem',
  'PublishCalendar',
]);
/** Electronic supervision 电子监察 is automatic: no person raises, clears or recomputes. */
const SYSTEM_ONLY = new Set(['RaiseAlert', 'ClearAlert', 'RaiseComplaintAlert', 'ClearComplaintAlert', 'RecomputeDeadline']);
const SYSTEM_MAY = new Set([...SYSTEM_ONLY, 'ApplyDeemedConsent', 'SubmitEvaluation']);
/** What an applicant may do on their own case. */
const APPLICANT_MAY = new Set(['SubmitApplication', 'WithdrawCase', 'SupplyCorrection', 'SubmitEvaluation', 'AppealEvaluation', 'FileComplaint']);
/** What an agent 代办 may do on a case that names them. */
const AGENT_MAY = new Set(['SubmitApplication', 'WithdrawCase', 'SupplyCorrection']);
/** Needs an approver who is not the handling staff (行政许可法 §42: extension approved by the head of the organ). */
const APPROVER_ONLY = new Set(['ExtendTimeLimit', 'DecideAppeal']);
/** A late entry 补录 is sent by an approver or a chief representative 首席代表 of the department in charge, never by window staff. */
const LATE_ENTRY_ROLES: ReadonlySet<string> = new Set(['approver', 'chiefRepresentative']);
/** Any working member of the hall's staff, not tied to a case. */
const HALL_STAFF_MAY = new Set(['RecordConsultation', 'FileComplaint', 'AnswerComplaint']);
/** Before acceptance a general window 综合窗口 (一窗受理) does intake for every department. */
const INTAKE = new Set(['SubmitApplication', 'RequestCorrection', 'SupplyCorrection', 'AcceptCase', 'RejectCase', 'WithdrawCase', 'RecordVisit']);
/** A 代办员 on the staff helps applicants in; they do not handle cases. */
const STAFF_AGENT_MAY = new Set(['SubmitApplication', 'SupplyCorrection', 'WithdrawCase', 'RecordVisit']);

const field = (data: unknown, name: string): unknown =>
  typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;

const staffDecision = (req: AuthorizationRequest, staff: StaffInfo): AuthorizationDecision => {
  const { type, data } = req.command;
  const { subject, directory } = req;
  if (staff.role === 'auditor' || (staff.role === 'supervisor' && type !== 'AnswerComplaint')) {
    return refuse('auth.readOnlyRole', `a ${staff.role} reads but never changes anything`);
  }
  if (ORG_ADMIN.has(type)) return refuse('auth.orgAdmin.systemOnly', 'hall and catalogue administration is done by the hall system');
  if (SYSTEM_ONLY.has(type)) return refuse('auth.systemOnly', 'alerts and deadline recomputation are raised by the system');
  if (type === 'SubmitEvaluation') return refuse('auth.evaluation.notByStaff', 'staff may not evaluate their own service');
  if (HALL_STAFF_MAY.has(type)) return allow;
  if (type === 'RecordLateEntry') {
    if (!LATE_ENTRY_ROLES.has(staff.role)) return refuse('auth.lateEntry.role', `a late entry 补录 is sent by an approver or chief representative, ${staff.staffId} is a ${staff.role}`);
    return staff.departmentId !== undefined && staff.departmentId === subject.departmentId
      ? allow
      : refuse('auth.lateEntry.ownDepartment', `the case is with department ${subject.departmentId ?? '(none)'}, ${staff.staffId} is of ${staff.departmentId ?? 'no department'}`);
  }
  if (APPROVER_ONLY.has(type)) {
    if (staff.role !== 'approver') return refuse('auth.approver.required', `only an approver may ${type}, ${staff.staffId} is a ${staff.role}`);
    if (staff.staffId === subject.handlingStaffId) return refuse('auth.approver.notHandlingStaff', 'the handling staff may not approve their own case');
    return allow;
  }
  if (type === 'ReturnJointOpinion') {
    return staff.departmentId !== undefined && staff.departmentId === field(data, 'departmentId')
      ? allow
      : refuse('auth.jointOpinion.consultedDepartmentOnly', 'only staff of the consulted department return its opinion');
  }
  if (staff.role === 'agent') {
    return STAFF_AGENT_MAY.has(type) ? allow : refuse('auth.staffAgent.intakeOnly', 'a 代办员 helps applicants in but does not handle cases');
  }
  if (staff.departmentId !== undefined && staff.departmentId === subject.departmentId) return allow;
  const window = staff.windowId === undefined || subject.hallId === undefined ? undefined : directory.window(subject.hallId, staff.windowId);
  if (subject.stage === 'intake' && INTAKE.has(type) && window?.kind === 'general' && window.open) return allow;
  return refuse(
    'auth.staff.notHolder',
    `the case is with department ${subject.departmentId ?? '(none)'}, ${staff.staffId} is of ${staff.departmentId ?? 'no department'}`,
  );
};

const ownCase = (actorId: string, recorded: string | undefined, who: string): AuthorizationDecision =>
  recorded !== undefined && recorded === actorId ? allow : refuse(`auth.${who}.ownCaseOnly`, `${who} ${actorId} is not the ${who} of this case`);

const applicantDecision = (req: AuthorizationRequest, actor: Actor): AuthorizationDecision => {
  const { type, data } = req.command;
  if (!APPLICANT_MAY.has(type)) return refuse('auth.applicant.notPermitted', `an applicant may not ${type}`);
  if (type === 'SubmitEvaluation' && ['device', 'systemDefault'].includes(field(data, 'channel') as string)) {
    return refuse('auth.evaluation.channel', `an applicant does not evaluate through channel ${String(field(data, 'channel'))}`);
  }
  return ownCase(actor.id, req.subject.applicantRef, 'applicant');
};

const systemDecision = (req: AuthorizationRequest): AuthorizationDecision => {
  const { type, data } = req.command;
  if (ORG_ADMIN.has(type)) return allow;
  if (!SYSTEM_MAY.has(type)) return refuse('auth.system.notPermitted', `the system does not ${type}`);
  if (type === 'SubmitEvaluation' && field(data, 'channel') !== 'systemDefault') {
    return refuse('auth.evaluation.channel', 'the system only submits systemDefault evaluations');
  }
  return allow;
};

const deviceDecision = (req: AuthorizationRequest, actor: Actor): AuthorizationDecision => {
  const { type, data } = req.command;
  if (type !== 'SubmitEvaluation') return refuse('auth.device.evaluateOnly', 'an evaluation device only submits evaluations');
  const device = req.subject.hallId === undefined ? undefined : req.directory.device(req.subject.hallId, actor.id);
  if (!device) return refuse('auth.device.unknown', `device ${actor.id} is not installed at hall ${req.subject.hallId ?? '(none)'}`);
  if (field(data, 'channel') !== 'device') return refuse('auth.evaluation.channel', 'a device submits through channel device');
  return field(data, 'windowId') === device.windowId
    ? allow
    : refuse('auth.device.ownWindowOnly', `device ${actor.id} is at window ${device.windowId}, not ${String(field(data, 'windowId'))}`);
};

const staffOf = (directory: Directory, hallId: string | undefined, actor: Actor): StaffInfo | undefined =>
  hallId === undefined ? undefined : directory.staff(hallId, actor.id);

/**
 * The default rules of who may act:
 * - window staff act on cases their department holds (after a transfer only the new holder);
 *   before acceptance a general window 综合窗口 also does intake (一窗受理);
 * - only an approver other than the handling staff extends a limit or decides an appeal;
 * - supervisors and auditors never change anything (a supervisor may answer a complaint);
 * - applicants submit, withdraw, supply corrections, evaluate, appeal and complain on their own
 *   cases only (the applicant ref recorded at submission); agents 代办 submit, withdraw and supply
 *   for cases that name them;
 * - a consulted department (or its staff) returns its own joint-review opinion;
 * - the system administers halls and catalogues, raises/clears alerts, recomputes deadlines, applies
 *   deemed consent and submits systemDefault evaluations; devices submit evaluations for their window.
 */
export const defaultAuthorizationPolicy: AuthorizationPolicy = (req) => {
  const { actor } = req.command.metadata;
  switch (actor.kind) {
    case 'staff': {
      const staff = staffOf(req.directory, req.subject.hallId, actor);
      return staff ? staffDecision(req, staff) : refuse('auth.staff.unknown', `staff ${actor.id} is not registered at hall ${req.subject.hallId ?? '(none)'}`);
    }
    case 'applicant':
      return applicantDecision(req, actor);
    case 'agent':
      return AGENT_MAY.has(req.command.type) ? ownCase(actor.id, req.subject.agentId, 'agent') : refuse('auth.agent.notPermitted', `an agent may not ${req.command.type}`);
    case 'department':
      return req.command.type === 'ReturnJointOpinion' && field(req.command.data, 'departmentId') === actor.id
        ? allow
        : refuse('auth.department.ownOpinionOnly', 'a department actor only returns its own joint-review opinion');
    case 'system':
      return systemDecision(req);
    case 'device':
      return deviceDecision(req, actor);
  }
};
