import type { Actor, EventToAppend } from '@banjian/core';

/** Events of real types for the contract: valid by the catalogue's codecs, cheap to make in bulk. */

const BASE_MS = Date.parse('2025-03-04T09:00:00+08:00');

export const staff: Actor = { kind: 'staff', id: 'staff-1', windowId: 'window-1', departmentId: 'dept-1' };

/** An instant `seconds` after 2025-03-04 09:00 Beijing time, in UTC form. */
export const instantAt = (seconds: number): string => new Date(BASE_MS + seconds * 1000).toISOString();

/** A 咨询 registration; `n` makes it distinct and orders its business time. */
export const consultation = (n: number, overrides: Partial<EventToAppend> & { topic?: string } = {}): EventToAppend => {
  const { topic, ...metadata } = overrides;
  return {
    type: 'ConsultationRecorded',
    data: { consultationId: `consultation-${n}`, hallId: 'hall-1', topic: topic ?? `开办企业 ${n}` },
    occurredAt: instantAt(n),
    actor: staff,
    ...metadata,
  } as EventToAppend;
};

export const consultations = (from: number, count: number): EventToAppend[] => Array.from({ length: count }, (_, i) => consultation(from + i));

/** The opening events of a case: submitted, then rejected (a short, complete case stream). */
export const caseOpening = (caseId: string, at = 0): EventToAppend[] => [
  {
    type: 'ApplicationSubmitted',
    data: {
      caseId,
      caseNo: `NO-${caseId}`,
      hallId: 'hall-1',
      itemCode: 'item-001',
      channel: 'window',
      applicant: { type: 'person', ref: `applicant-${caseId}` },
      materials: ['身份证复印件', '申请表'],
    },
    occurredAt: instantAt(at),
    actor: staff,
    commandId: `submit-${caseId}`,
    correlationId: `corr-${caseId}`,
  },
  {
    type: 'CaseRejected',
    data: { caseId, reason: '不属于本机关职权范围', legalBasis: '行政许可法 第三十二条' },
    occurredAt: instantAt(at + 60),
    actor: staff,
    commandId: `reject-${caseId}`,
    correlationId: `corr-${caseId}`,
    causationId: `submit-${caseId}`,
  },
];

/** Text that trips careless encodings: CJK, emoji with ZWJ, astral-plane ideographs, combining marks, escapes. */
export const awkwardTexts = [
  '办件受理：营业执照（设立登记）',
  '👩‍💼 窗口 😀🎉',
  '𠀀𠮷𪚥 (CJK Extension B, astral plane)',
  'e\u0301 vs \u00e9, Å vs A\u030a',
  'tab\tquote" backslash\\ newline\n nul-free \u2028\u2029',
  '\u{1F1E8}\u{1F1F3} flag, ﬁ ligature, 〇',
];
