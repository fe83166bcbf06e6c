export { auditPublishedReport, asPublishedReport, PublishedReportError, type AuditResult } from './replay';
export { reconcileReport, type Reconciliation, type FigureLine, type HeadingDifference, type FigureField } from './reconcile';
export { formatAudit } from './format';
export { runReplay, type ReplayIo } from './run';
export { auditBundle, formatBundle, reconcileFindings, type BundleManifest, type BundleResult, type FindingsReconciliation } from './bundle';
