import type { Projection } from '../runner/projection';
import { applyAuditEvent, createAuditState, type AuditState } from './trace';

/**
 * The audit projection 异常办件: the case facts every figure reads, plus per case the marks
 * (position, business and recording time, actor) of the events the findings point at. Every event
 * is read: a late entry can be of any type.
 */
export const auditProjection: Projection<AuditState> = {
  name: 'audit',
  version: 1,
  init: createAuditState,
  apply: applyAuditEvent,
};
