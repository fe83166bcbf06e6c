import type { EventType } from '@banjian/core';

export interface EventLabel {
  readonly zh: string;
  readonly en: string;
}

/**
 * The label of every event type of the registry, in Chinese and English. Typed over `EventType`,
 * so a new event type without a label does not compile.
 */
export const eventLabels: { readonly [K in EventType]: EventLabel } = {
  HallRegistered: { zh: '大厅登记', en: 'hall registered' },
  DepartmentRegistered: { zh: '部门登记', en: 'department registered' },
  WindowOpened: { zh: '窗口设立', en: 'window opened' },
  WindowClosed: { zh: '窗口撤销', en: 'window closed' },
  StaffRegistered: { zh: '人员登记', en: 'staff registered' },
  DeviceInstalled: { zh: '评价器安装', en: 'evaluation device installed' },
  ServiceItemDefined: { zh: '事项入驻', en: 'service item defined' },
  ServiceItemRevised: { zh: '事项变更', en: 'service item revised' },
  ServiceItemSuspended: { zh: '事项暂停', en: 'service item suspended' },
  ServiceItemRepealed: { zh: '事项取消', en: 'service item repealed' },
  ServiceItemReinstated: { zh: '事项恢复', en: 'service item reinstated' },
  CalendarPublished: { zh: '节假日安排', en: 'calendar published' },
  ConsultationRecorded: { zh: '咨询/首问登记', en: 'consultation recorded' },
  ComplaintFiled: { zh: '投诉', en: 'complaint filed' },
  ComplaintAnswered: { zh: '投诉答复', en: 'complaint answered' },
  ComplaintAlertRaised: { zh: '投诉预警', en: 'complaint alert raised' },
  ComplaintAlertCleared: { zh: '投诉预警解除', en: 'complaint alert cleared' },
  ApplicationSubmitted: { zh: '申请/收件', en: 'application submitted' },
  CorrectionRequested: { zh: '补齐补正告知', en: 'correction requested' },
  CorrectionSupplied: { zh: '补正材料收到', en: 'correction supplied' },
  CaseAccepted: { zh: '受理', en: 'accepted' },
  CaseRejected: { zh: '不予受理', en: 'rejected' },
  CaseWithdrawn: { zh: '撤回', en: 'withdrawn' },
  CaseTransferred: { zh: '转办', en: 'transferred' },
  StepCompleted: { zh: '承办/审查/审批', en: 'step completed' },
  JointReviewRequested: { zh: '并联审批征求意见', en: 'joint review requested' },
  JointOpinionReturned: { zh: '并联意见', en: 'joint opinion returned' },
  DeemedConsentApplied: { zh: '超时默认', en: 'deemed consent applied' },
  CaseEscalated: { zh: '上报', en: 'escalated' },
  EscalationReturned: { zh: '上报结果', en: 'escalation returned' },
  ClockSuspended: { zh: '挂起', en: 'clock suspended' },
  ClockResumed: { zh: '恢复计时', en: 'clock resumed' },
  TimeLimitExtended: { zh: '延期', en: 'time limit extended' },
  DecisionMade: { zh: '决定', en: 'decision made' },
  CaseCompleted: { zh: '办结', en: 'completed' },
  ResultDelivered: { zh: '送达/领取', en: 'result delivered' },
  ApplicantNoShow: { zh: '逾期未领取', en: 'applicant no-show' },
  VisitRecorded: { zh: '到厅', en: 'visit recorded' },
  EvaluationSubmitted: { zh: '好差评', en: 'evaluation submitted' },
  BadReviewTriaged: { zh: '差评核实', en: 'bad review triaged' },
  BadReviewReplied: { zh: '差评回复', en: 'bad review replied' },
  BadReviewRectified: { zh: '差评整改', en: 'bad review rectified' },
  BadReviewCalledBack: { zh: '差评回访', en: 'bad review called back' },
  EvaluationAppealed: { zh: '评价申诉', en: 'evaluation appealed' },
  EvaluationAppealDecided: { zh: '申诉复核', en: 'evaluation appeal decided' },
  FollowUpRecorded: { zh: '回访', en: 'follow-up recorded' },
  AlertRaised: { zh: '预警', en: 'alert raised' },
  AlertCleared: { zh: '预警解除', en: 'alert cleared' },
  DeadlineRecomputed: { zh: '时限重算', en: 'deadline recomputed' },
  CorrectionRecorded: { zh: '更正', en: 'correction recorded' },
  LateEntryRecorded: { zh: '补录', en: 'late entry recorded' },
};

/** The label of a type string; an unknown type (an event from a newer schema) keeps its own name. */
export const labelOf = (type: string): EventLabel =>
  Object.prototype.hasOwnProperty.call(eventLabels, type) ? eventLabels[type as EventType] : { zh: type, en: type };
