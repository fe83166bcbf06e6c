import y2015 from './data/2015.json' with { type: 'json' };
import y2016 from './data/2016.json' with { type: 'json' };
import y2017 from './data/2017.json' with { type: 'json' };
import y2018 from './data/2018.json' with { type: 'json' };
import y2019 from './data/2019.json' with { type: 'json' };
import y2020 from './data/2020.json' with { type: 'json' };
import y2021 from './data/2021.json' with { type: 'json' };
import y2022 from './data/2022.json' with { type: 'json' };
import y2023 from './data/2023.json' with { type: 'json' };
import y2024 from './data/2024.json' with { type: 'json' };
import y2025 from './data/2025.json' with { type: 'json' };
import y2026 from './data/2026.json' with { type: 'json' };
import { createCalendar, type WorkCalendar } from './work-calendar';

/** The State Council holiday notices 2015–2026 as shipped (holiday-cn, MIT; see data/LICENSE). */
export const SHIPPED_CHINA_YEARS: readonly unknown[] = [
  y2015, y2016, y2017, y2018, y2019, y2020, y2021, y2022, y2023, y2024, y2025, y2026,
];

let china: WorkCalendar | undefined;

/** The national calendar `cn`, built once from the shipped data. */
export const chinaCalendar = (): WorkCalendar => (china ??= createCalendar({ id: 'cn', years: SHIPPED_CHINA_YEARS }));

/** The calendar a calendar stream builds on: `cn` starts from the shipped notices, any other id empty. */
export const baseCalendar = (calendarId: string): WorkCalendar =>
  calendarId === 'cn' ? chinaCalendar() : createCalendar({ id: calendarId, years: [] });
