import type { Limit, SuspensionProcedure } from '@banjian/core';

const unitWords: Record<Limit['unit'], [string, string]> = {
  workingDays: ['working day', 'working days'],
  naturalDays: ['day', 'days'],
  workingHours: ['working hour', 'working hours'],
};

/** `5 working days`, `1 day`, `8 working hours`. */
export const formatLimit = (limit: Limit): string => `${limit.value} ${unitWords[limit.unit][limit.value === 1 ? 0 : 1]}`;

/** The Chinese name of each special procedure (特别程序). */
export const procedureNames: Record<SuspensionProcedure, string> = {
  hearing: '听证',
  bidding: '招标',
  auction: '拍卖',
  inspection: '检验',
  testing: '检测',
  survey: '勘测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expertReview: '专家评审',
  correctionAfterAcceptance: '受理后补正',
  other: '其他',
};

export type WallTime = (iso: string) => string;

const offsetOf = (iso: string): string => {
  const m = /(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  return m ? (m[1] as string) : '';
};

/**
 * Formats instants as wall time `YYYY-MM-DD HH:MM` the way they were written; the offset is shown
 * only where it differs from the reference instant's (the entry's own time), so a line reads in
 * the hall's zone without naming it and never hides a different one.
 */
export const wallTime = (reference: string): WallTime => {
  const home = offsetOf(reference);
  return (iso) => {
    const offset = offsetOf(iso);
    const wall = `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
    return offset === home ? wall : `${wall} ${offset}`;
  };
};
