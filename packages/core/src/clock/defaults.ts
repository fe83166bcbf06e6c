import type { OfficeHours } from '../events/primitives';

/** Default hall zone (spec §2). */
export const DEFAULT_ZONE = 'Asia/Shanghai';

/** Default hall office hours 09:00–12:00 and 13:30–17:30 (spec §2): 7 h = 25,200 s a day. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = [
  ['09:00', '12:00'],
  ['13:30', '17:30'],
];
