import { isLeft, isRight } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import { commandStreamId, decodeCommand, type AnyCommand } from './routing';

const metadata = { commandId: 'k-1', actor: { kind: 'staff', id: 's-market' }, at: '2025-09-29T10:00:00+08:00' };

describe('decoding commands at the boundary', () => {
  it('given a well-formed command, when decoded, then it comes back unchanged', () => {
    const input = { type: 'RejectCase', data: { caseId: 'c1', reason: '不属于本机关职权范围', legalBasis: '行政许可法 §32' }, metadata };
    const result = decodeCommand(input);
    expect(isRight(result) && result.right).toEqual(input);
  });

  it('given an empty legal basis on a rejection, then the error names data.legalBasis', () => {
    const result = decodeCommand({ type: 'RejectCase', data: { caseId: 'c1', reason: 'r', legalBasis: ' ' }, metadata });
    expect(isLeft(result) && result.left.field).toBe('data.legalBasis');
  });

  it('given an unknown field, then the error names it', () => {
    const result = decodeCommand({ type: 'ResumeClock', data: { caseId: 'c1', colour: 'red' }, metadata });
    expect(isLeft(result) && result.left).toMatchObject({ field: 'data.colour', reason: 'unknown field "colour"' });
  });

  it('given an unknown command type, then the error names the type', () => {
    const result = decodeCommand({ type: 'TeleportCase', data: {}, metadata });
    expect(isLeft(result) && result.left).toMatchObject({ field: 'type', reason: 'unknown banjian command type "TeleportCase"' });
  });

  it('given metadata without a time offset, then the error names metadata.at', () => {
    const result = decodeCommand({ type: 'ResumeClock', data: { caseId: 'c1' }, metadata: { ...metadata, at: '2025-09-29T10:00:00' } });
    expect(isLeft(result) && result.left.field).toBe('metadata.at');
  });
});

describe('the stream of a command', () => {
  it.each([
    [{ type: 'ResumeClock', data: { caseId: 'c-9' } }, 'case-c-9'],
    [{ type: 'AnswerComplaint', data: { complaintId: 'k1', resolution: 'r' } }, 'complaint-k1'],
    [{ type: 'RecordConsultation', data: { consultationId: 'q', hallId: 'h1', topic: 't' } }, 'consultation-q'],
    [{ type: 'OpenWindow', data: { hallId: 'h1', windowId: 'w', kind: 'general' } }, 'hall-h1'],
    [{ type: 'RepealServiceItem', data: { hallId: 'h1', itemCode: 'X', effectiveFrom: '2025-01-01' } }, 'catalog-h1'],
    [{ type: 'PublishCalendar', data: { calendarId: 'cn', year: 2027, days: [], papers: [] } }, 'calendar-cn'],
  ])('given %o, then its stream is %s', (partial, stream) => {
    expect(commandStreamId({ ...partial, metadata } as AnyCommand)).toBe(stream);
  });
});
