import { AUDIT_DEFINITIONS, DEFAULT_AUDIT_THRESHOLDS, THRESHOLD_KEYS } from './definitions';

export const AUDIT_DOCS_BEGIN = '<!-- generated from packages/projections/src/audit/definitions.ts; audit/docs.test.ts holds docs/audit.md to it -->';
export const AUDIT_DOCS_END = '<!-- end of generated definitions -->';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The definitions and thresholds tables of docs/audit.md, from the registry. */
export const renderAuditDefinitionsMarkdown = (): string => {
  const lines = [AUDIT_DOCS_BEGIN, '', '| definition | kind | 中文 | English | rule | check by hand |', '|---|---|---|---|---|---|'];
  for (const d of AUDIT_DEFINITIONS) lines.push(`| \`${d.definition}\` | ${d.kind} | ${d.zh} | ${d.en} | ${cell(d.rule)} | ${cell(d.check)} |`);
  lines.push('', '| threshold (`--threshold key=value`) | default |', '|---|---|');
  for (const key of THRESHOLD_KEYS) lines.push(`| \`${key}\` | ${DEFAULT_AUDIT_THRESHOLDS[key]} |`);
  lines.push('', AUDIT_DOCS_END);
  return lines.join('\n');
};
