import { DEFAULT_STORE_URL } from '@banjian/adapters';
import { chinaCalendar, createWorkClock, parseInstant } from '@banjian/core';
import { asOf, caseFactsProjection, deadlineWatch, WATCH_LEVELS, type CaseFactsState, type DeadlineWatch, type WatchedCase, type WatchGroup } from '@banjian/projections';
import { stringOption, UsageError, type Command } from './command';
import { openStoreOption } from './store-option';
import { hallNames, localTime, type HallNames } from '../hall-names';
import { alignColumns } from '../text-width';

const USAGE = `usage: banjian watch [--at T] [--hall H] [--json] [--store URL]

  --at      the instant watched, ISO-8601 with offset (default: now, on the hall's clock); the log is read as of then
  --hall    only this hall's cases
  --json    print {at, ladder, open, counts, statutoryCounts, provisional, byDepartment, byWindow, cases}
  --store   store URL (default ${DEFAULT_STORE_URL})

Open cases by alert level (电子监察): approaching 黄灯 (≤ 1 working day or ≤ 20 % of the limit
left), overdue 红灯, yellow card 黄牌 (overdue), red card 红牌 (open 3 working days after it), by the
promised limit 承诺时限; the statutory limit 法定时限 (行政许可法 §42) climbs its own ladder, shown beside it.`;

const LEVEL_NAMES = { normal: '正常 normal', approaching: '黄灯 approaching', overdue: '红灯 overdue', yellowCard: '黄牌 yellow card', redCard: '红牌 red card' } as const;

const countsText = (counts: DeadlineWatch['counts']): string =>
  WATCH_LEVELS.filter((level) => counts[level] > 0).map((level) => `${LEVEL_NAMES[level]} ${counts[level]}`).join(', ') || 'none';

const groupLines = (title: string, groups: readonly WatchGroup[], nameOf: (g: WatchGroup) => string): string[] =>
  groups.length === 0 ? [] : [title, ...alignColumns(groups.map((g) => [`  ${nameOf(g)}`, `${g.open} open`, countsText(g.counts)]), { right: [1] })];

const left = (c: WatchedCase): string =>
  c.reached.includes('overdue') ? `overdue by ${Math.abs(c.remainingWorkingDays)} working days` : `${c.remainingWorkingDays} working days left`;

/** The statutory ladder of a case, said only once it has reached a rung. */
const statutory = (c: WatchedCase, zone: string): string =>
  c.statutory.level === 'normal' ? '' : `法定 statutory ${LEVEL_NAMES[c.statutory.level]} (due ${localTime(c.statutory.dueAt, zone)})`;

/**
 * The watch for people: times on the hall's wall clock, departments, windows and items by name,
 * columns aligned by display width (Chinese names take two columns a character).
 */
export const formatWatch = (watch: DeadlineWatch, names: HallNames, zone: string): string =>
  [
    `deadline watch at ${localTime(watch.at, zone)} (${zone}): ${watch.open} open case${watch.open === 1 ? '' : 's'} — ${countsText(watch.counts)}`,
    `statutory limit 法定时限: ${countsText(watch.statutoryCounts)}${watch.provisional > 0 ? `; ${watch.provisional} with provisional due times (calendar not announced)` : ''}`,
    ...groupLines('by department:', watch.byDepartment, (g) => `${names.hall(g.hallId)} ${names.department(g.hallId, g.id)}`),
    ...groupLines('by window:', watch.byWindow, (g) => `${names.hall(g.hallId)} ${names.window(g.hallId, g.id)}`),
    ...(watch.cases.length === 0 ? [] : ['cases:']),
    ...alignColumns(
      watch.cases.map((c) => [
        `  ${LEVEL_NAMES[c.level]}`,
        c.caseNo,
        names.item(c.hallId, c.itemCode),
        `${names.department(c.hallId, c.departmentId)}${c.windowId ? ` ${names.window(c.hallId, c.windowId)}` : ''}`,
        `due ${localTime(c.dueAt, names.zone(c.hallId))}`,
        `${left(c)}${c.suspended ? ', suspended' : ''}${c.provisional ? ', provisional' : ''}`,
        statutory(c, names.zone(c.hallId)),
      ]),
    ),
  ].join('\n');

/** The zone the watch is read in: the hall asked for, else the first hall registered, else Asia/Shanghai. */
const zoneOf = (facts: CaseFactsState, hall: string | undefined, names: HallNames): string =>
  names.zone(hall ?? facts.context.halls.keys().next().value);

export const watchCommand: Command = {
  name: 'watch',
  usage: USAGE,
  options: { at: { type: 'string' }, hall: { type: 'string' }, json: { type: 'boolean' } },
  run: async ({ values, io }) => {
    const at = stringOption(values, 'at') ?? new Date().toISOString();
    try {
      parseInstant(at);
    } catch {
      throw new UsageError(`--at ${JSON.stringify(at)} is not an ISO-8601 time with offset (e.g. 2024-10-14T09:00:00+08:00)`);
    }
    const hall = stringOption(values, 'hall');
    const store = await openStoreOption(values, { create: false });
    try {
      const { states } = await asOf(store, [caseFactsProjection], { occurredAt: at });
      const facts = states[caseFactsProjection.name] as CaseFactsState;
      const names = hallNames(facts.context);
      const zone = zoneOf(facts, hall, names);
      // Without --at the watch is of now, written on the hall's wall clock (with its offset), not in UTC.
      const atLocal = stringOption(values, 'at') ?? createWorkClock({ calendar: chinaCalendar(), zone }).toInstant(Date.parse(at));
      const watch = deadlineWatch(facts, { at: atLocal, ...(hall === undefined ? {} : { hallIds: [hall] }) });
      io.stdout.write(values.json ? `${JSON.stringify(watch)}\n` : `${formatWatch(watch, names, zone)}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
