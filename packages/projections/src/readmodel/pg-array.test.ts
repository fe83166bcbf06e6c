import { describe, expect, it } from 'vitest';
import { pgArrayLiteral } from './pg-array';

describe('pgArrayLiteral', () => {
  it('given numbers, texts and nulls, when written, then each is one element of the literal', () => {
    expect(pgArrayLiteral([1, null, 1_700_000_000_000, undefined, -3])).toBe('{1,NULL,1700000000000,NULL,-3}');
    expect(pgArrayLiteral(['a', 'NULL', '', 'x,y', '{b}'])).toBe('{"a","NULL","","x,y","{b}"}');
  });

  it('given texts with quotes and backslashes, when written, then they are escaped', () => {
    expect(pgArrayLiteral(['say "hi"', 'C:\\dir', '办件 \n'])).toBe('{"say \\"hi\\"","C:\\\\dir","办件 \n"}');
  });

  it('given no values, when written, then the literal is the empty array', () => {
    expect(pgArrayLiteral([])).toBe('{}');
  });
});
