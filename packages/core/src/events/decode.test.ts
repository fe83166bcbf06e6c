import { isLeft, isRight } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodeEventData } from './decode';
import { registerUpcaster } from './upcast';

const envelope = (overrides: Record<string, unknown> = {}) => ({
  eventId: '0190f5b4-0000-7000-8000-000000000001',
  type: 'CaseRejected',
  schemaVersion: 1,
  streamId: 'case-c1',
  streamPosition: 1,
  occurredAt: '2025-03-04T09:15:00+08:00',
  recordedAt: '2025-03-04T09:15:01+08:00',
  actor: { kind: 'staff', id: 's1' },
  data: { caseId: 'c1', reason: '不属于本机关职权范围', legalBasis: '行政许可法 §32' },
  ...overrides,
});

describe('decoding events at the boundary', () => {
  it('given a well-formed envelope, when decoded, then it is accepted unchanged', () => {
    const result = decodeEnvelope(envelope());
    expect(isRight(result) && result.right).toEqual(envelope());
  });

  it('given an unknown event type, when decoded, then the error names the type field', () => {
    const result = decodeEnvelope(envelope({ type: 'CaseTeleported' }));
    expect(isLeft(result) && result.left.field).toBe('type');
    expect(isLeft(result) && result.left.reason).toContain('CaseTeleported');
  });

  it('given an unknown field in data, when decoded, then the error names that field', () => {
    const result = decodeEnvelope(envelope({ data: { caseId: 'c1', reason: 'r', legalBasis: 'b', colour: 'red' } }));
    expect(isLeft(result) && result.left.field).toBe('data.colour');
    expect(isLeft(result) && result.left.reason).toBe('unknown field "colour"');
  });

  it('given a missing required field, when decoded, then the error names it as required', () => {
    const result = decodeEventData('CaseRejected', { caseId: 'c1', reason: 'r' });
    expect(isLeft(result) && result.left.message).toBe('data.legalBasis: is required');
  });

  it('given a value outside its set, when decoded, then the error names the field', () => {
    const result = decodeEventData('ResultDelivered', { caseId: 'c1', method: 'pigeon' });
    expect(isLeft(result) && result.left.field).toBe('data.method');
  });

  it('given an instant without an offset, when decoded, then it is refused', () => {
    const result = decodeEnvelope(envelope({ occurredAt: '2025-03-04T09:15:00' }));
    expect(isLeft(result) && result.left.field).toBe('occurredAt');
  });

  it('given an old schema version with an upcaster, when decoded, then data reads as the current shape', () => {
    registerUpcaster('CaseWithdrawn', 0, (d) => {
      const { why, ...rest } = d as { why: string };
      return { ...rest, reason: why };
    });
    const result = decodeEventData('CaseWithdrawn', { caseId: 'c1', why: '申请人撤回' }, 0);
    expect(isRight(result) && result.right).toEqual({ caseId: 'c1', reason: '申请人撤回' });
  });
});

describe('instants', () => {
  it('given an hour that does not exist, when decoded, then it is refused on the fast path too', () => {
    const result = decodeEnvelope(envelope({ occurredAt: '2025-03-04T25:00:00+08:00' }));
    expect(isLeft(result) && result.left.field).toBe('occurredAt');
  });
});
