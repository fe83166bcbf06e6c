import { describeDamage } from '@banjian/core';
import type { ReportFigure } from '@banjian/projections';
import type { FigureLine } from './reconcile';
import type { AuditResult } from './replay';

const shown = (f: ReportFigure | undefined): string =>
  f === undefined ? '(none)' : `${f.display}${f.numerator !== null && f.denominator !== null ? ` (${f.numerator}/${f.denominator})` : ''} ${f.definition}`;

const where = (l: FigureLine): string => (l.group === '' ? l.id : `${l.group} ${l.id}`);

/** The reconciliation for people: each figure published vs recomputed, differences named first. */
export const formatAudit = (result: AuditResult): string => {
  const v = result.verification;
  if (result.outcome === 'damaged') return `log DAMAGED: ${describeDamage(result.damage)}\n`;
  const out = [`log intact: ${v.events} events in ${v.streams} streams, last global position ${v.lastPosition}, Merkle root ${v.root} (${v.algorithm})`];
  if (result.outcome === 'unreproducible') return `${[...out, `cannot recompute: ${result.reason}`].join('\n')}\n`;
  const { headings, lines } = result.reconciliation;
  const count = (status: FigureLine['status']) => lines.filter((l) => l.status === status).length;
  out.push(
    `recomputed as of checkpoint ${result.recomputed.checkpoint} (calendar ${result.recomputed.calendarVersion}): ` +
      `${count('reconciled')} reconciled, ${count('differs')} differ, ${count('notRecomputed')} not recomputable, ${count('notPublished')} not published`,
  );
  for (const h of headings) out.push(`  DIFFERS  heading ${h.field}: published ${JSON.stringify(h.published)}, recomputed ${JSON.stringify(h.recomputed)}`);
  for (const l of lines.filter((x) => x.status === 'differs' || x.status === 'notRecomputed')) {
    out.push(`  DIFFERS  ${where(l)}: published ${shown(l.published)}, recomputed ${shown(l.recomputed)}${l.fields.length ? ` [${l.fields.join(', ')}]` : ''}`);
  }
  for (const l of lines.filter((x) => x.status === 'reconciled')) out.push(`  ok       ${where(l)}: ${shown(l.published)}`);
  out.push(result.outcome === 'reconciled' ? 'RECONCILED: every published figure is what the log gives' : 'NOT RECONCILED');
  return `${out.join('\n')}\n`;
};
