import type { CaseFactsState } from '../cases/facts';
import { NO_KEY } from '../figures/dimensions';
import type { Figure } from '../figures/figure';
import type { FigureOptionsInput } from '../figures/options';
import type { Period } from '../figures/period';
import { computeFigures } from '../figures/query';

/** Who is ranked: members of staff or windows 窗口. */
export type LeagueDimension = 'staff' | 'window';

export interface LeagueQuery {
  /** The month ranked, `YYYY-MM`, in the hall's zone. */
  readonly month: string;
  readonly by: LeagueDimension;
  /** The hall, rolled up over the halls below it; every hall when omitted. */
  readonly hall?: string;
  /** The §5 figure options (satisfied levels, clock policy, counting) the rates are computed with. */
  readonly options?: FigureOptionsInput;
}

/** One ranked member of staff or window, with the §5 figures the ranking used. */
export interface LeagueRow {
  /** Shared by rows equal on every ranking figure (1, 2, 2, 4); the order among them is by key. */
  rank: number;
  key: string;
  label: string;
  /** 按时办结率: completed on time / completed, attributed to the completing holder. */
  onTimeRate: Figure;
  /** 满意率: valid evaluations at a satisfied level / valid evaluations. */
  satisfactionRate: Figure;
  /** Volume: cases completed in the month. */
  completed: number;
  accepted: number;
  evaluations: number;
}

/** Staff/window league 红黑榜: a month's ranking by on-time rate, then satisfaction, then volume. */
export interface League {
  month: string;
  by: LeagueDimension;
  period: Period;
  halls: string[];
  calendarVersion: string;
  rows: LeagueRow[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const monthPeriod = (month: string): Period => {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`league: month must be YYYY-MM, got ${JSON.stringify(month)}`);
  const year = Number(m[1]);
  const next = Number(m[2]) === 12 ? `${year + 1}-01` : `${year}-${String(Number(m[2]) + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
};

const count = (f: Figure | undefined): number => (typeof f?.value === 'number' ? f.value : 0);

/** Compares two rates exactly (cross-multiplied); a rate without a denominator ranks below any rate. */
const compareRates = (a: Figure, b: Figure): number => {
  const an = a.numerator ?? 0;
  const ad = a.denominator ?? 0;
  const bn = b.numerator ?? 0;
  const bd = b.denominator ?? 0;
  if (ad === 0 || bd === 0) return (bd === 0 ? 0 : 1) - (ad === 0 ? 0 : 1);
  return bn * ad - an * bd;
};

/** Better first: on-time rate, satisfaction rate, volume (completed), all descending. */
const compareMerit = (a: LeagueRow, b: LeagueRow): number =>
  compareRates(a.onTimeRate, b.onTimeRate) || compareRates(a.satisfactionRate, b.satisfactionRate) || b.completed - a.completed;

/**
 * The monthly league of staff or windows, from the §5 figures of the figure registry grouped by
 * the dimension (same definitions as the report). Rows with nothing to rank are left out.
 */
export const league = (state: CaseFactsState, query: LeagueQuery): League => {
  const period = monthPeriod(query.month);
  const result = computeFigures(state, {
    period,
    by: query.by,
    ...(query.hall === undefined ? {} : { hall: query.hall }),
    ...(query.options === undefined ? {} : { options: query.options }),
  });
  const rows: LeagueRow[] = [];
  for (const group of result.groups ?? []) {
    if (group.key === NO_KEY) continue;
    const f = group.figures;
    const row: LeagueRow = {
      rank: 0,
      key: group.key,
      label: group.label,
      onTimeRate: f.onTimeRate,
      satisfactionRate: f.satisfactionRate,
      completed: count(f.completed),
      accepted: count(f.accepted),
      evaluations: count(f.evaluations),
    };
    if (row.completed + row.accepted + row.evaluations > 0) rows.push(row);
  }
  rows.sort((a, b) => compareMerit(a, b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  rows.forEach((row, i) => {
    const previous = rows[i - 1];
    row.rank = previous && compareMerit(previous, row) === 0 ? previous.rank : i + 1;
  });
  return { month: query.month, by: query.by, period, halls: result.halls, calendarVersion: result.calendarVersion, rows };
};
