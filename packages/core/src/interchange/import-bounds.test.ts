import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createInMemoryEventStore } from '../store/memory';
import { accepted, at, submitted, toAppend } from '../testkit/sample-case.fixture';
import { exportEventLog } from './export';
import { collect, errorOf } from './interchange.fixture';
import { importEventLog } from './import';
import { LineTooLongError, readLines } from './lines';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const fileOf = (text: string | Buffer): string => {
  const dir = mkdtempSync(join(tmpdir(), 'banjian-lines-'));
  dirs.push(dir);
  const path = join(dir, 'log.ndjson');
  writeFileSync(path, text);
  return path;
};

/** Three events recorded at 09:30, 09:31, 09:32 on 2025-03-04, exported without their links (an import may omit them). */
const recordedLines = async (): Promise<Record<string, unknown>[]> => {
  let minute = 30;
  const store = createInMemoryEventStore({ now: () => `2025-03-04T09:${minute++}:00+08:00` });
  await store.appendToStream('case-a', [toAppend(submitted('a'), at(0))]);
  await store.appendToStream('case-b', [toAppend(submitted('b'), at(1))]);
  await store.appendToStream('case-a', [toAppend(accepted('a'), at(5))]);
  return (await collect(exportEventLog(store))).map((line) => {
    const { prevHash: _p, hash: _h, globalPosition: _g, ...envelope } = JSON.parse(line) as Record<string, unknown>;
    return envelope;
  });
};
const NOW = Date.parse('2025-03-04T10:00:00+08:00');
const importInto = (lines: Record<string, unknown>[], store = createInMemoryEventStore()) =>
  importEventLog(store, lines.map((l) => JSON.stringify(l)), { now: () => NOW });

describe('import refuses recording times a store could not have written', () => {
  it('given recording times in the log order, within the clock, when imported, then the log is taken', async () => {
    expect(await importInto(await recordedLines())).toMatchObject({ right: { events: 3 } });
  });

  it('given a recordedAt beyond the clock and its skew, when imported, then its line is refused and nothing is stored', async () => {
    const lines = await recordedLines();
    (lines[2] as Record<string, unknown>).recordedAt = '2025-03-04T10:06:00+08:00';
    const store = createInMemoryEventStore();
    expect(errorOf(await importInto(lines, store))).toMatchObject({ line: 3, field: 'recordedAt', reason: expect.stringMatching(/is in the future: the clock reads 2025-03-04T02:00:00.000Z \(skew allowed 300 s\)/) });
    expect(await collect(store.readAll())).toEqual([]);
  });

  it('given a recordedAt within the skew ahead of the clock, when imported, then it is taken (clocks differ a little)', async () => {
    const lines = await recordedLines();
    (lines[2] as Record<string, unknown>).recordedAt = '2025-03-04T10:04:00+08:00';
    expect(await importInto(lines)).toMatchObject({ right: { events: 3 } });
  });

  it('given a line recorded well before the line above it (back-dated), when imported, then it is refused naming both lines', async () => {
    const lines = await recordedLines();
    (lines[2] as Record<string, unknown>).recordedAt = '2025-03-04T09:00:00+08:00';
    expect(errorOf(await importInto(lines))).toMatchObject({ line: 3, field: 'recordedAt', reason: expect.stringMatching(/is before 2025-03-04T09:31:00\+08:00 \(line 2\): recording times follow the log's order/) });
  });

  it("given a line continuing a store's stream, recorded before the stream's last event, when imported, then it is refused", async () => {
    const lines = await recordedLines();
    const store = createInMemoryEventStore({ now: () => '2025-03-04T09:50:00+08:00' });
    expect(await importInto(lines.slice(0, 2), store)).toMatchObject({ right: { events: 2 } });
    (lines[2] as Record<string, unknown>).recordedAt = '2025-03-04T09:20:00+08:00'; // case-a's last event was recorded at 09:30
    expect(errorOf(await importInto(lines.slice(2), store))).toMatchObject({ line: 1, field: 'recordedAt', reason: expect.stringMatching(/when the store recorded the last event of case-a/) });
  });
});

describe('readLines caps the length of a line', () => {
  it('given LF and CRLF lines, multi-byte text and no final newline, when read, then each line is whole', async () => {
    expect(await collect(readLines(fileOf('第一行\r\n\nsecond\nlast 😀')))).toEqual(['第一行', '', 'second', 'last 😀']);
  });

  it('given a 3 MB line after two short ones, when read with the default cap, then line 3 is refused by number before the rest is read', async () => {
    const path = fileOf(`{"a":1}\n{"b":2}\n${'x'.repeat(3 * 1024 * 1024)}\n{"c":3}\n`);
    const read: string[] = [];
    const attempt = (async () => {
      for await (const line of readLines(path)) read.push(line);
    })();
    await expect(attempt).rejects.toThrow(LineTooLongError);
    await expect(attempt).rejects.toMatchObject({ line: 3, maxLineBytes: 1024 * 1024, message: 'line 3: (line): longer than 1048576 bytes, the line limit' });
    expect(read).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('given a cap, when a log with a longer line is imported, then the import is refused with the line number', async () => {
    const lines = await recordedLines();
    const path = fileOf(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const longest = Math.max(...lines.map((l) => Buffer.byteLength(JSON.stringify(l))));
    const store = createInMemoryEventStore();
    expect(errorOf(await importEventLog(store, readLines(path, { maxLineBytes: longest - 1 }), { now: () => NOW }))).toMatchObject({ field: '(line)', line: expect.any(Number) });
    expect(await importEventLog(store, readLines(path, { maxLineBytes: longest }), { now: () => NOW })).toMatchObject({ right: { events: 3 } });
  });
});
