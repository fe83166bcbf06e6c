import { writeFileSync } from 'node:fs';
import { renderFigureDefinitionsMarkdown } from '@banjian/projections';

/** `pnpm docs:figures`: regenerate the figure definitions page from the registry. */
const target = new URL('../docs/figures.md', import.meta.url);
writeFileSync(target, renderFigureDefinitionsMarkdown());
process.stdout.write(`wrote ${target.pathname}\n`);
