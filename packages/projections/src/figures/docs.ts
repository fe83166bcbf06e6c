import { FIGURE_DEFINITIONS, FIGURE_IDS } from './definitions';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The figure definitions as Markdown, generated from the registry so the docs cannot drift from
 * the code (`docs/figures.md`; `pnpm docs:figures` writes it, a test checks it).
 */
export const renderFigureDefinitionsMarkdown = (): string => {
  const lines = [
    '# Figure definitions',
    '',
    '<!-- Generated from packages/projections/src/figures/definitions.ts by `pnpm docs:figures`. Do not edit. -->',
    '',
    'Every published figure is `{value, display, numerator?, denominator?, unit?, definition}`; `definition`',
    'names one row below as `id@version`. A changed formula is a new version, never an edit of an old',
    'one. Percentages round half-up at the end on the exact numerator and denominator, so 99.99 % never',
    'prints as 100 %. Every report also carries its checkpoint (global position) and calendar version.',
    '',
    '| definition | 中文 | English | unit | formula | variants |',
    '|---|---|---|---|---|---|',
  ];
  for (const id of FIGURE_IDS) {
    const d = FIGURE_DEFINITIONS[id];
    const variants = Object.entries(d.variants ?? {})
      .map(([option, meaning]) => `\`${option}\`: ${meaning}`)
      .join('<br>');
    lines.push(`| \`${d.id}@${d.version}\` | ${d.zh} | ${d.en} | ${d.unit ?? ''} | ${cell(d.formula)} | ${cell(variants)} |`);
  }
  return `${lines.join('\n')}\n`;
};
