import { describe, expect, it } from 'vitest';
import { int4Array, nullableArray, textArray } from './binary-arrays';
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

  it('given columns with NULLs (texts ASCII or not, 32-bit integers, whole numbers up to ±2^53), when sent as binary nullable arrays, then the server reads each value exactly', async () => {
    const texts = ['case:C-1', null, '办件 材料齐全', '', 'a"b\\c', null, 'emoji 🏛 after ascii'];
    const integers = [null, 0, -1, 2_147_483_647, -2_147_483_648, null, 7];
    const bigints = [8_640_000_000_000_000, null, -1, 0, 4_294_967_296, -4_294_967_297, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 1_735_660_800_000, null];
    const [t, i, b, nulls] = await echo(
      'SELECT $1::text[], $2::integer[], $3::bigint[]::text[], (SELECT count(*) FROM unnest($3::bigint[]) x WHERE x IS NULL)::integer',
      [nullableArray('text', texts), nullableArray('integer', integers), nullableArray('bigint', bigints)],
    );
    expect(t).toEqual(texts);
    expect(i).toEqual(integers);
    expect(b).toEqual(bigints.map((n) => (n === null ? null : String(n))));
    expect(nulls).toBe(2);
  });

  it('given no elements, when sent, then the server reads empty arrays', async () => {
    const [texts, numbers] = await echo('SELECT cardinality($1::text[]), cardinality($2::integer[])', [textArray([]), int4Array([])]);
    expect([texts, numbers]).toEqual([0, 0]);
  });
});
