import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIGURE_IDS } from './definitions';
import { renderFigureDefinitionsMarkdown } from './docs';

describe('figure definitions in the docs', () => {
  it('given the registry, when docs/figures.md is read, then it is exactly what the registry generates (run `pnpm docs:figures` after a change)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../../../docs/figures.md', import.meta.url)), 'utf8');
    expect(committed).toBe(renderFigureDefinitionsMarkdown());
  });

  it('given every figure id, when rendered, then each has its own row naming id@version', () => {
    const text = renderFigureDefinitionsMarkdown();
    for (const id of FIGURE_IDS) expect(text).toMatch(new RegExp(`\\| \`${id}@\\d+\` \\|`));
  });
});
