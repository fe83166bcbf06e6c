import stringWidth from 'string-width';

/** Columns a string takes on a terminal: a Chinese character takes two, a combining mark none. */
export const displayWidth = (text: string): number => stringWidth(text);

/** `text` padded with spaces to `width` terminal columns (on the right, or on the left for numbers). */
export const padDisplay = (text: string, width: number, align: 'left' | 'right' = 'left'): string => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
};

/**
 * Rows of cells as lines whose columns line up on a terminal, Chinese text included (display
 * width, not string length). Columns listed in `right` are right-aligned; the last column is not padded.
 */
export const alignColumns = (rows: readonly (readonly string[])[], options: { readonly right?: readonly number[]; readonly gap?: string } = {}): string[] => {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  const gap = options.gap ?? '  ';
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 && !options.right?.includes(i) ? cell : padDisplay(cell, widths[i]!, options.right?.includes(i) ? 'right' : 'left')))
      .join(gap)
      .trimEnd(),
  );
};
