import { describe, expect, it } from 'vitest';
import { alignColumns, displayWidth, padDisplay } from './text-width';

describe('terminal text width', () => {
  it('given Chinese text, then each character takes two columns and padding counts columns, not characters', () => {
    expect(displayWidth('办结率 completion rate')).toBe(3 * 2 + 16);
    expect(padDisplay('满意率', 10)).toBe('满意率    ');
    expect(padDisplay('42', 5, 'right')).toBe('   42');
  });

  it('given rows of Chinese and Latin cells, when aligned, then every column starts at the same terminal column', () => {
    const lines = alignColumns([
      ['红牌 red card', '市场监管局', '3'],
      ['正常 normal', 'Public Security Bureau', '12'],
    ], { right: [2] });
    const columnOf = (line: string, cell: string) => displayWidth(line.slice(0, line.indexOf(cell)));
    expect(columnOf(lines[0]!, '市场监管局')).toBe(columnOf(lines[1]!, 'Public Security Bureau'));
    expect(displayWidth(lines[0]!)).toBe(displayWidth(lines[1]!));
  });
});
