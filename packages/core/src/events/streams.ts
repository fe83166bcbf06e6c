/** Stream names of the interchange contract (spec §3.1): `<category>-<id>`. */
export const streamCategories = ['case', 'hall', 'catalog', 'calendar', 'consultation', 'complaint'] as const;
export type StreamCategory = (typeof streamCategories)[number];

export const streamId = (category: StreamCategory, id: string): string => `${category}-${id}`;
export const caseStream = (caseId: string): string => streamId('case', caseId);
export const hallStream = (hallId: string): string => streamId('hall', hallId);
export const catalogStream = (hallId: string): string => streamId('catalog', hallId);
export const calendarStream = (calendarId: string): string => streamId('calendar', calendarId);
/** One stream a consultation (events.md): no stream grows with the hall's age. Older logs hold `consultation-<hallId>` streams; readers take both. */
export const consultationStream = (consultationId: string): string => streamId('consultation', consultationId);
export const complaintStream = (complaintId: string): string => streamId('complaint', complaintId);

/** Split a stream id at its first dash: the category and the entity id (which may contain dashes). */
export const parseStreamId = (id: string): { category: string; entityId: string } => {
  const dash = id.indexOf('-');
  return dash < 0 ? { category: id, entityId: '' } : { category: id.slice(0, dash), entityId: id.slice(dash + 1) };
};
