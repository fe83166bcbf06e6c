export {
  AUDIT_DEFINITIONS, DEFAULT_AUDIT_THRESHOLDS, THRESHOLD_KEYS, isAuditThresholdError, resolveThresholds,
  type AuditDefinition, type AuditDefinitionId, type AuditThresholdError, type AuditThresholds, type FindingKind, type Severity,
} from './definitions';
export { applyAuditEvent, createAuditState, type AuditState, type CaseTrace, type EarlyEnd, type EvaluationTrace, type EventMark } from './trace';
export type { Finding } from './finding';
export { auditProjection } from './projection';
export type { DepartmentAudit, StaffLateEntries } from './departments';
export { AuditOptionsError, auditFromState, buildAudit, isAuditOptionsError, type AuditOptions, type AuditReport } from './report';
export { auditCsv, renderAuditText } from './render';
export { AUDIT_DOCS_BEGIN, AUDIT_DOCS_END, renderAuditDefinitionsMarkdown } from './docs';
