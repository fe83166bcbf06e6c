import { produce } from '../decider/produce';
import * as t from 'io-ts';
import { commandCodec, commandDecoder, type CommandsOf } from '../auth/command';
import { emit, decline, guardedDecide, type EventUnion } from '../auth/decision';
import { defaultAuthorizationPolicy } from '../auth/default-policy';
import type { DomainError } from '../auth/errors';
import type { AuthorizationPolicy } from '../auth/policy';
import { baseCalendar } from '../calendar/china';
import { yearContentHash } from '../calendar/content-hash';
import { decodeHolidayYear, type HolidayYear } from '../calendar/holiday-data';
import type { WorkCalendar } from '../calendar/work-calendar';
import type { Decider, RecordedEvent } from '../decider/decider';
import { closed, LocalDate, NonEmptyString, Text } from '../events/primitives';
import { calendarStream } from '../events/streams';
import type { Directory } from './directory';

/** PublishCalendar (stream `calendar-<calendarId>`): one year's State Council notice 节假日安排. */
export const calendarCommandCodecs = {
  PublishCalendar: commandCodec(
    'PublishCalendar',
    closed('PublishCalendarData', {
      calendarId: NonEmptyString,
      year: t.number,
      days: t.array(closed('CalendarDay', { date: LocalDate, isOffDay: t.boolean, name: NonEmptyString })),
      papers: t.array(Text),
    }),
  ),
};

export type CalendarCommand = CommandsOf<typeof calendarCommandCodecs>;
export const decodeCalendarCommand = commandDecoder(calendarCommandCodecs, 'calendar');

export type CalendarEvent = EventUnion<'CalendarPublished'>;

export interface CalendarStreamState {
  readonly calendarId?: string;
  /** The years published on this stream, latest notice per year. */
  readonly years: Readonly<Record<number, HolidayYear>>;
  readonly version?: string;
}

export interface CalendarDeciderContext {
  readonly directory: Directory;
  /** The calendar a stream builds on (`cn`: the shipped notices; others start empty). */
  readonly baseCalendar?: (calendarId: string) => WorkCalendar;
  readonly policy?: AuthorizationPolicy;
}

/**
 * The calendar stream: each published year carries its content hash and the version of the calendar
 * it makes (base calendar plus every year published so far), so a case can pin that version.
 */
export const createCalendarDecider = (ctx: CalendarDeciderContext): Decider<CalendarCommand, CalendarEvent, CalendarStreamState, DomainError> => ({
  initialState: () => ({ years: {} }),
  evolve: (state: CalendarStreamState, event: RecordedEvent<CalendarEvent>) =>
    produce(state, (s) => {
      const { calendarId, year, days, papers, version } = event.data;
      s.calendarId = calendarId;
      s.years[year] = { year, papers, days: days.map((d) => ({ date: d.date, isOffDay: d.isOffDay, name: d.name ?? '' })) };
      s.version = version;
    }),
  decide: guardedDecide<CalendarCommand, CalendarStreamState, CalendarEvent>({
    policy: ctx.policy ?? defaultAuthorizationPolicy,
    directory: ctx.directory,
    scope: (c, s) => ({ streamId: calendarStream(c.data.calendarId), state: s.version ?? 'new' }),
    subject: () => ({}),
    rules: (c, s, scope) => {
      const { calendarId, year, days, papers } = c.data;
      const decoded = decodeHolidayYear({ year, days, papers });
      if (!decoded.ok) return decline('invalidCommand', scope, 'calendar.data.valid', decoded.error.message);
      const contentHash = yearContentHash(decoded.value);
      const previous = s.years[year];
      if (previous && yearContentHash(previous) === contentHash) {
        return decline('conflict', scope, 'calendar.publish.changed', `year ${year} of calendar ${calendarId} is already published with this content`);
      }
      const base = (ctx.baseCalendar ?? baseCalendar)(calendarId);
      const calendar = [...Object.values(s.years), decoded.value].reduce<WorkCalendar>((cal, y) => cal.withYear(y), base);
      return emit({ type: 'CalendarPublished', data: { calendarId, year, days, papers, contentHash, version: calendar.version } });
    },
  }),
});
