import type * as t from 'io-ts';
import { caseEventData } from './case';
import { calendarEventData, catalogEventData, complaintEventData, consultationEventData, orgEventData } from './org';

/** Every event type of the interchange contract, by its type string, with the codec of its `data`. */
export const eventDataCodecs = {
  ...orgEventData,
  ...catalogEventData,
  ...calendarEventData,
  ...consultationEventData,
  ...complaintEventData,
  ...caseEventData,
} as const;

export type EventType = keyof typeof eventDataCodecs;
export type EventDataOf<K extends EventType> = t.TypeOf<(typeof eventDataCodecs)[K]>;
export type CaseEventType = keyof typeof caseEventData;

export const eventTypes = Object.keys(eventDataCodecs) as EventType[];
export const caseEventTypes = Object.keys(caseEventData) as CaseEventType[];

export const isEventType = (s: string): s is EventType => Object.prototype.hasOwnProperty.call(eventDataCodecs, s);

/** The current schema version of every event type's data; bump with an upcaster. */
export const CURRENT_SCHEMA_VERSION = 1;
