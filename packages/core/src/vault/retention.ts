/** A retention period in whole years (民法典 counts them by calendar: the same date N years on). */
export interface RetentionPeriod {
  readonly years: number;
}

/**
 * How long personal data is kept, per service item 事项: e.g. 30 years for items whose files go to
 * the archive 档案, a few years for the rest. When it ends the data is erased (个人信息保护法 §47(一)(二)).
 */
export interface RetentionRules {
  readonly default: RetentionPeriod;
  readonly items?: Readonly<Record<string, RetentionPeriod>>;
}

export const retentionOf = (rules: RetentionRules, itemCode: string): RetentionPeriod => rules.items?.[itemCode] ?? rules.default;

/** The instant retention ends, `years` after `fromMs` (29 Feb moves to 1 Mar in a common year, as Date does). */
export const retentionEnd = (fromMs: number, period: RetentionPeriod): string => {
  const end = new Date(fromMs);
  end.setUTCFullYear(end.getUTCFullYear() + period.years);
  return end.toISOString();
};
