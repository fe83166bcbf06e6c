export { league, monthPeriod, type League, type LeagueDimension, type LeagueQuery, type LeagueRow } from './league';
