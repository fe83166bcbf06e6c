import { describe, expect, it } from 'vitest';
import { int4Array, textArray } from './binary-arrays';
import { asOwner } from './test-support';

const echo = (sql: string, values: Buffer[]) => asOwner(async (c) => (await c.query({ text: sql, values, rowMode: 'array' })).rows[0] as unknown[]);

describe('binary array parameters (postgres)', () => {
  it('given texts the text form of an array must escape, when sent as a binary text[], then the server reads each one as it is', async () => {
    const texts = ['{"a":"b\\"c"}', 'x,y', '{}', 'NULL', '', ' padded ', 'back\\slash', '办件 材料齐全', 'emoji 🏛', 'line\nbreak'];
    const [array, count, lengths] = await echo('SELECT $1::text[], cardinality($1::text[]), (SELECT array_agg(length(t)) FROM unnest($1::text[]) t)', [textArray(texts)]);
    expect(array).toEqual(texts);
    expect(count).toBe(texts.length);
    expect(lengths).toEqual(texts.map((t) => [...t].length));
  });

  it('given 32-bit integers, negative and at the limits, when sent as a binary integer[], then the server reads them exactly', async () => {
    const numbers = [0, 1, -1, -3, 2_147_483_647, -2_147_483_648];
    const [array, sum] = await echo('SELECT $1::integer[], (SELECT sum(n) FROM unnest($1::integer[]) n)::text', [int4Array(numbers)]);
    expect(array).toEqual(numbers);
    expect(sum).toBe(String(numbers.reduce((a, b) => a + b, 0)));
  });

  it('given no elements, when sent, then the server reads empty arrays', async () => {
    const [texts, numbers] = await echo('SELECT cardinality($1::text[]), cardinality($2::integer[])', [textArray([]), int4Array([])]);
    expect([texts, numbers]).toEqual([0, 0]);
  });
});
