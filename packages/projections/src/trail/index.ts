export { eventLabels, labelOf, type EventLabel } from './labels';
export { describeChange } from './change';
export { formatLimit, procedureNames } from './words';
export { trailEntryOf, type TrailEntry } from './entry';
export { trailOf, streamPrefix, type CaseTrail, type TrailOptions } from './trail-of';
export { formatTrail } from './format';
