import type { CaseStatus, WatchLevel } from '@banjian/projections';

export const STATUS_NAMES: Readonly<Record<CaseStatus, string>> = {
  submitted: '已申请 submitted',
  awaitingCorrection: '待补正 awaiting correction',
  rejected: '不予受理 rejected',
  withdrawn: '已撤回 withdrawn',
  accepted: '在办 in progress',
  suspended: '挂起 suspended',
  completed: '办结 completed',
};

export const LEVEL_NAMES: Readonly<Record<WatchLevel, string>> = {
  normal: '正常 normal',
  approaching: '黄灯 approaching',
  overdue: '红灯 overdue',
  yellowCard: '黄牌 yellow card',
  redCard: '红牌 red card',
};

export const SATISFACTION_LEVELS = [
  [5, '5 非常满意'],
  [4, '4 满意'],
  [3, '3 基本满意'],
  [2, '2 不满意'],
  [1, '1 非常不满意'],
] as const;
