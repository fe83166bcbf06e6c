import { ALERT_LEVELS, DEFAULT_ALERT_LADDER, parseInstant, type AlertLadder, type AlertLevel } from '@banjian/core';
import type { CaseFactsState } from '../cases/facts';
import { DEFAULT_CLOCK_POLICY, type ClockPolicy } from '../cases/timing';
import { caseSummaryAt, isOpenAt } from '../summary/summary';

export type WatchLevel = 'normal' | AlertLevel;
export const WATCH_LEVELS: readonly WatchLevel[] = ['normal', ...ALERT_LEVELS];

export interface WatchQuery {
  /** The instant watched (ISO-8601 or epoch ms). */
  readonly at: string | number;
  readonly ladder?: AlertLadder;
  readonly policy?: ClockPolicy;
  readonly hallIds?: readonly string[];
}

/** One open case on the watch list. */
export interface WatchedCase {
  caseId: string;
  caseNo: string;
  hallId: string;
  itemCode: string;
  departmentId: string;
  windowId?: string;
  staffId?: string;
  suspended: boolean;
  /** A due time still lies in a year whose calendar was not announced (spec §4). */
  provisional: boolean;
  /** Effective promised due time 承诺时限, ISO-8601 in the hall's zone. */
  dueAt: string;
  /** Working days left to the promised due time (negative once overdue). */
  remainingWorkingDays: number;
  /** The promised limit's ladder: its level and every rung reached. */
  level: WatchLevel;
  reached: AlertLevel[];
  /** The statutory limit 法定时限 (行政许可法 §42): effective due time, working days left, its own ladder. */
  statutory: { dueAt: string; remainingWorkingDays: number; level: WatchLevel; reached: AlertLevel[] };
}

export type LevelCounts = Record<WatchLevel, number>;

export interface WatchGroup {
  hallId: string;
  /** The department or window id the group is of. */
  id: string;
  open: number;
  counts: LevelCounts;
  /** The same cases on the statutory ladder 法定时限. */
  statutoryCounts: LevelCounts;
}

/** Deadline watch 电子监察: open cases by alert level, per department and per window, at an instant. */
export interface DeadlineWatch {
  at: string;
  ladder: AlertLadder;
  open: number;
  /** By the promised limit's level. */
  counts: LevelCounts;
  /** By the statutory limit's level. */
  statutoryCounts: LevelCounts;
  /** Open cases whose due time still lies in a year with no announced calendar. */
  provisional: number;
  byDepartment: WatchGroup[];
  byWindow: WatchGroup[];
  /** Most severe first, then earliest due, then case id. */
  cases: WatchedCase[];
}

const emptyCounts = (): LevelCounts => ({ normal: 0, approaching: 0, overdue: 0, yellowCard: 0, redCard: 0 });
const severity = (level: WatchLevel): number => WATCH_LEVELS.indexOf(level);
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const tally = (groups: Map<string, WatchGroup>, hallId: string, id: string, c: WatchedCase): void => {
  const key = `${hallId}\u0000${id}`;
  let group = groups.get(key);
  if (!group) groups.set(key, (group = { hallId, id, open: 0, counts: emptyCounts(), statutoryCounts: emptyCounts() }));
  group.open += 1;
  group.counts[c.level] += 1;
  group.statutoryCounts[c.statutory.level] += 1;
};

const sortedGroups = (groups: Map<string, WatchGroup>): WatchGroup[] =>
  [...groups.values()].sort((a, b) => compareText(a.hallId, b.hallId) || compareText(a.id, b.id));

/**
 * The deadline watch at an instant, from the per-case facts folded up to it: every accepted case
 * still open, on the alert ladder (default ladder of spec §4), grouped by its current holder's
 * department and window.
 */
export const deadlineWatch = (state: CaseFactsState, query: WatchQuery): DeadlineWatch => {
  const atMs = typeof query.at === 'number' ? query.at : parseInstant(query.at);
  const ladder = query.ladder ?? DEFAULT_ALERT_LADDER;
  const options = { ladder, policy: query.policy ?? DEFAULT_CLOCK_POLICY };
  const halls = query.hallIds ? new Set(query.hallIds) : undefined;
  const cases: WatchedCase[] = [];
  const dueMs = new Map<string, number>();
  // an instant given as a number reads in the zone of the halls watched
  let at = typeof query.at === 'string' ? query.at : new Date(atMs).toISOString();

  for (const facts of state.cases.values()) {
    if (halls && !halls.has(facts.hallId)) continue;
    if (!isOpenAt(facts, atMs)) continue;
    const summary = caseSummaryAt(state, facts.caseId, atMs, options);
    const clock = summary?.clock;
    const holder = summary?.holder;
    if (!summary || !clock || !holder) continue;
    if (typeof query.at === 'number') at = summary.at;
    dueMs.set(facts.caseId, parseInstant(clock.promisedDueAt));
    cases.push({
      caseId: facts.caseId,
      caseNo: facts.caseNo,
      hallId: facts.hallId,
      itemCode: facts.itemCode,
      departmentId: holder.departmentId,
      ...(holder.windowId === undefined ? {} : { windowId: holder.windowId }),
      ...(holder.staffId === undefined ? {} : { staffId: holder.staffId }),
      suspended: summary.state === 'suspended',
      provisional: clock.provisional,
      dueAt: clock.promisedDueAt,
      remainingWorkingDays: clock.remainingWorkingDays ?? 0,
      level: clock.level,
      reached: clock.reached,
      statutory: {
        dueAt: clock.statutoryDueAt,
        remainingWorkingDays: clock.statutory?.remainingWorkingDays ?? 0,
        level: clock.statutory?.level ?? 'normal',
        reached: clock.statutory?.reached ?? [],
      },
    });
  }
  cases.sort(
    (a, b) => severity(b.level) - severity(a.level) || (dueMs.get(a.caseId) ?? 0) - (dueMs.get(b.caseId) ?? 0) || compareText(a.caseId, b.caseId),
  );

  const counts = emptyCounts();
  const statutoryCounts = emptyCounts();
  let provisional = 0;
  const departments = new Map<string, WatchGroup>();
  const windows = new Map<string, WatchGroup>();
  for (const c of cases) {
    counts[c.level] += 1;
    statutoryCounts[c.statutory.level] += 1;
    if (c.provisional) provisional += 1;
    tally(departments, c.hallId, c.departmentId, c);
    if (c.windowId !== undefined) tally(windows, c.hallId, c.windowId, c);
  }
  return {
    at, ladder, open: cases.length, counts, statutoryCounts, provisional,
    byDepartment: sortedGroups(departments), byWindow: sortedGroups(windows), cases,
  };
};
