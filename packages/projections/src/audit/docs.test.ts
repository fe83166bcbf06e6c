import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_DEFINITIONS, THRESHOLD_KEYS } from './definitions';
import { AUDIT_DOCS_BEGIN, AUDIT_DOCS_END, renderAuditDefinitionsMarkdown } from './docs';

describe('finding definitions in the docs', () => {
  it('given the registry, when docs/audit.md is read, then its definitions and thresholds are exactly what the registry generates', () => {
    const text = readFileSync(fileURLToPath(new URL('../../../../docs/audit.md', import.meta.url)), 'utf8');
    const section = text.slice(text.indexOf(AUDIT_DOCS_BEGIN), text.indexOf(AUDIT_DOCS_END) + AUDIT_DOCS_END.length);
    expect(section).toBe(renderAuditDefinitionsMarkdown());
  });

  it('given the registry, then every threshold a definition reads is a known key and every key is read by some definition', () => {
    const read = new Set(AUDIT_DEFINITIONS.flatMap((d) => d.thresholds));
    expect([...read].filter((k) => !THRESHOLD_KEYS.includes(k))).toEqual([]);
    expect(THRESHOLD_KEYS.filter((k) => !read.has(k))).toEqual([]);
  });
});
