import { describe, expect, it } from 'vitest';
import { createTapeWriter, keysAfter, readTape, tapeBuffers } from './tape';

describe('tape', () => {
  it('given numbers, flags, strings and values written in order, when read back in that order, then each comes back as written', () => {
    const w = createTapeWriter();
    w.number(1719332820000);
    w.number(-1);
    w.number(Number.NaN);
    w.maybeNumber(undefined);
    w.maybeNumber(0);
    w.boolean(true);
    w.boolean(false);
    w.string('county');
    w.string(undefined);
    w.id('c1');
    w.json({ statutory: { value: 20, unit: 'workingDays' } });
    w.json(undefined);
    w.json([{ atMs: 5, satisfied: true }]);
    const r = readTape(structuredClone(w.done()));
    expect(r.number()).toBe(1719332820000);
    expect(r.number()).toBe(-1);
    expect(r.number()).toBeNaN();
    expect(r.maybeNumber()).toBeUndefined();
    expect(r.maybeNumber()).toBe(0);
    expect(r.boolean()).toBe(true);
    expect(r.boolean()).toBe(false);
    expect(r.string()).toBe('county');
    expect(r.string()).toBeUndefined();
    expect(r.string()).toBe('c1');
    expect(r.json()).toEqual({ statutory: { value: 20, unit: 'workingDays' } });
    expect(r.json()).toBeUndefined();
    expect(r.json()).toEqual([{ atMs: 5, satisfied: true }]);
    expect(r.atEnd()).toBe(true);
  });

  it('given a string or an object written many times, when packed, then the table holds it once', () => {
    const w = createTapeWriter();
    const holder = { departmentId: 'd1' };
    for (let i = 0; i < 3; i++) {
      w.string('window');
      w.json(holder);
    }
    w.id('c1');
    w.id('c1');
    expect(w.done().strings).toEqual(['window', '{"departmentId":"d1"}', 'c1', 'c1']);
  });

  it('given a decoded reader, when the same string comes several times, then it is decoded once and the same value returned', () => {
    const w = createTapeWriter();
    for (const s of ['a', 'b', 'a', undefined, 'a']) w.string(s);
    const r = readTape(w.done());
    const seen: string[] = [];
    const next = r.decoded((s) => {
      seen.push(s);
      return { s };
    });
    const values = [next(), next(), next(), next(), next()];
    expect(seen).toEqual(['a', 'b']);
    expect(values[0]).toBe(values[2]);
    expect(values[4]).toBe(values[0]);
    expect(values[3]).toBeUndefined();
  });

  it('given more cells than the first buffer holds, when read back, then none is lost', () => {
    const w = createTapeWriter();
    for (let i = 0; i < 5000; i++) w.number(i);
    const r = readTape(w.done());
    const read = Array.from({ length: 5000 }, () => r.number());
    expect(read).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(r.atEnd()).toBe(true);
  });

  it('given packed parts, when their buffers are listed, then each tape gives its buffer and other values none', () => {
    const tape = createTapeWriter().done();
    expect(tapeBuffers([tape, null, { count: 1 }])).toEqual([tape.numbers.buffer]);
  });

  it('given a record that got keys after those it was built with, when asked for them, then they come in their order', () => {
    const record: Record<string, unknown> = { a: 1, b: undefined };
    expect(keysAfter(record, 2)).toBeUndefined();
    record.z = 3;
    record.c = false;
    expect(Object.entries(keysAfter(record, 2)!)).toEqual([['z', 3], ['c', false]]);
  });
});
