import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either';
import { afterAll, describe, expect, it } from 'vitest';
import { sealedLog } from '../integrity/sealed-log.fixture';
import { verifyLog } from '../integrity/verify';
import { createInMemoryEventStore } from '../store/memory';
import type { EventStore, RawEventRecord } from '../store/port';
import { accepted, at, staff, submitted, toAppend } from '../testkit/sample-case.fixture';
import { EventLogFileError, ReadOnlyStoreError, type InterchangeError } from './errors';
import { exportEventLog } from './export';
import { collect, errorOf } from './interchange.fixture';
import { openFileStore } from './file-store';
import { importEventLog } from './import';
import { parseEventLog } from './parse';
import { rawRecordsOfLines, UnreadableLineError } from './raw-lines';

const rawOf = (store: EventStore & { readRaw(): AsyncIterable<RawEventRecord> }) => collect(store.readRaw());

/** A store with two cases (submitted + accepted each), exported as NDJSON lines. */
const exportedLines = async () => {
  const store = createInMemoryEventStore({ now: () => '2025-03-04T09:30:00+08:00' });
  await store.appendToStream('case-a', [toAppend(submitted('a'), at(0)), toAppend(accepted('a'), at(5))]);
  await store.appendToStream('case-b', [toAppend(submitted('b'), at(1))]);
  await store.appendToStream('case-a', [{ type: 'VisitRecorded', data: { caseId: 'a', purpose: 'collect' }, occurredAt: at(9), actor: staff }]);
  return { store, lines: await collect(exportEventLog(store)) };
};
const withLine = (lines: readonly string[], index: number, edit: (envelope: Record<string, unknown>) => void): string[] =>
  lines.map((line, i) => {
    if (i !== index) return line;
    const envelope = JSON.parse(line) as Record<string, unknown>;
    edit(envelope);
    return JSON.stringify(envelope);
  });

describe('exportEventLog → importEventLog', () => {
  it('given a store, when exported and imported into an empty store, then every event keeps its ids, times, positions and hash', async () => {
    const { store, lines } = await exportedLines();
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ globalPosition: 1, streamId: 'case-a', streamPosition: 0, prevHash: '0'.repeat(64) });
    const target = createInMemoryEventStore({ now: () => '2030-01-01T00:00:00Z' });
    const result = await importEventLog(target, lines);
    expect(isRight(result) && result.right).toMatchObject({ events: 4, streams: 2, lastGlobalPosition: 4 });
    expect(await rawOf(target)).toEqual(await rawOf(store));
    expect(await collect(target.readAll())).toEqual(await collect(store.readAll()));
  });

  it('given a hand-written log without positions and hashes, when imported, then the store assigns them', async () => {
    const { lines } = await exportedLines();
    const bare = lines.map((line) => {
      const { globalPosition: _g, prevHash: _p, hash: _h, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    });
    const target = createInMemoryEventStore();
    expect(isRight(await importEventLog(target, bare))).toBe(true);
    expect((await verifyLog(target.readRaw())).ok).toBe(true);
  });

  it('given a log that continues a stream of the target store, when imported, then positions and the chain carry on', async () => {
    const { store, lines } = await exportedLines();
    const target = createInMemoryEventStore();
    await importEventLog(target, lines.slice(0, 3));
    const rest = await importEventLog(target, lines.slice(3));
    expect(isRight(rest)).toBe(true);
    expect(await rawOf(target)).toEqual(await rawOf(store));
  });
});

describe('importEventLog refuses bad input whole', () => {
  const refused = async (bad: string[]) => {
    const target = createInMemoryEventStore();
    await target.appendToStream('case-z', [toAppend(submitted('z'))]);
    const before = await rawOf(target);
    const error = errorOf(await importEventLog(target, bad));
    expect(await rawOf(target)).toEqual(before);
    return error;
  };

  it('given a line of malformed JSON, when imported, then its line is named and nothing is imported', async () => {
    const { lines } = await exportedLines();
    const error = await refused([...lines.slice(0, 2), '{"eventId": "x",', ...lines.slice(2)]);
    expect(error).toMatchObject({ line: 3, field: '(json)' });
    expect(error.reason).toMatch(/^malformed JSON/);
  });

  it('given an unknown event type on the last line, when imported, then nothing of the earlier lines is imported', async () => {
    const { lines } = await exportedLines();
    const error = await refused(withLine(lines, 3, (e) => (e.type = 'CaseTeleported')));
    expect(error).toEqual({ kind: 'interchange', line: 4, field: 'type', reason: 'unknown event type "CaseTeleported"', message: 'line 4: type: unknown event type "CaseTeleported"' });
  });

  it('given an unknown field in the data, when imported, then the field is named', async () => {
    const { lines } = await exportedLines();
    const error = await refused(withLine(lines, 1, (e) => ((e.data as Record<string, unknown>).colour = 'red')));
    expect(error).toMatchObject({ line: 2, field: 'data.colour', reason: 'unknown field "colour"' });
  });

  it('given a value outside its set, when imported, then the field and the value are named', async () => {
    const { lines } = await exportedLines();
    const error = await refused(withLine(lines, 3, (e) => ((e.data as Record<string, unknown>).purpose = 'loiter')));
    expect(error).toMatchObject({ line: 4, field: 'data.purpose' });
    expect(error.reason).toMatch(/loiter/);
  });

  it('given a changed payload with the old hash, when imported, then the broken hash chain is named', async () => {
    const { lines } = await exportedLines();
    const error = await refused(withLine(lines, 1, (e) => ((e.data as Record<string, unknown>).receiptNo = 'R-forged')));
    expect(error).toMatchObject({ line: 2, field: 'hash' });
    expect(error.reason).toMatch(/does not match H\(prevHash ‖ canonical JSON\)/);
  });

  it('given a prevHash that does not link to the previous event of its stream, when imported, then prevHash is named', async () => {
    const { lines } = await exportedLines();
    const error = await refused(withLine(lines, 3, (e) => (e.prevHash = 'f'.repeat(64))));
    expect(error).toMatchObject({ line: 4, field: 'prevHash' });
  });

  it('given a skipped stream position, when imported, then the expected and the given positions are named', async () => {
    const { lines } = await exportedLines();
    const error = await refused([lines[0] as string, lines[2] as string, lines[3] as string]);
    expect(error).toEqual(expect.objectContaining({ line: 3, field: 'streamPosition', reason: 'expected 1, got 2: the previous event of case-a is at 0 (line 1)' }));
  });

  it('given a log starting a stream the target already has, when imported, then the position conflict names where the stream stands', async () => {
    const line = JSON.stringify({ eventId: 'e-z', type: 'VisitRecorded', schemaVersion: 1, streamId: 'case-z', streamPosition: 0, occurredAt: at(3), recordedAt: at(3), actor: staff, data: { caseId: 'z', purpose: 'collect' } });
    expect(await refused([line])).toMatchObject({ line: 1, field: 'streamPosition', reason: 'expected 1, got 0: case-z already stands at 0' });
  });

  it('given occurredAt going backwards in a stream, or a repeated eventId, or global positions going back, when imported, then each is named', async () => {
    const { lines } = await exportedLines();
    expect(await refused(withLine(lines, 3, (e) => (e.occurredAt = '2025-03-04T08:00:00+08:00')))).toMatchObject({ line: 4, field: 'occurredAt' });
    expect(await refused(withLine(lines, 2, (e) => (e.eventId = JSON.parse(lines[0] as string).eventId)))).toMatchObject({ line: 3, field: 'eventId' });
    expect(await refused(withLine(lines, 2, (e) => (e.globalPosition = 1)))).toMatchObject({ line: 3, field: 'globalPosition' });
  });
});

describe('parseEventLog', () => {
  it('given an SM3 log, when parsed without naming the algorithm, then SM3 is detected from its hashes', async () => {
    const { envelopes } = sealedLog({ algorithm: 'sm3' });
    const parsed = await parseEventLog(envelopes.map((e) => JSON.stringify(e)));
    expect(isRight(parsed) && parsed.right.algorithm).toBe('sm3');
    expect(isRight(parsed) && parsed.right.events.map((e) => e.hash)).toEqual(envelopes.map((e) => e.hash));
  });

  it('given blank lines, when parsed, then they are skipped and line numbers still count them', async () => {
    const { lines } = await exportedLines();
    const parsed = await parseEventLog(['', lines[0] as string, '  ', lines[1] as string]);
    expect(isRight(parsed) && parsed.right.events.map((e) => e.line)).toEqual([2, 4]);
  });
});

describe('openFileStore', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const writeLog = (lines: readonly string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'banjian-file-'));
    made.push(dir);
    const path = join(dir, 'log.ndjson');
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };

  it('given an exported file, when opened, then it reads like the store it came from and refuses appends', async () => {
    const { store, lines } = await exportedLines();
    const file = await openFileStore(writeLog(lines));
    expect(await collect(file.readAll())).toEqual(await collect(store.readAll()));
    expect(await rawOf(file)).toEqual(await rawOf(store));
    expect(await file.readStream('case-a', { from: 1 })).toEqual(await store.readStream('case-a', { from: 1 }));
    expect((await collect(file.readAll({ after: 2, types: ['VisitRecorded'] }))).map((e) => e.globalPosition)).toEqual([4]);
    await expect(file.appendToStream('case-a', [toAppend(submitted('a'))])).rejects.toThrow(ReadOnlyStoreError);
    expect((await verifyLog(file.readRaw())).ok).toBe(true);
  });

  it('given an exported file, when subscribed to, then every event after the checkpoint is delivered once', async () => {
    const { lines } = await exportedLines();
    const file = await openFileStore(writeLog(lines));
    const seen: number[] = [];
    const subscription = file.subscribe({ after: 1, handler: (e) => void seen.push(e.globalPosition) });
    await subscription.caughtUp();
    expect(seen).toEqual([2, 3, 4]);
    expect(subscription.checkpoint).toBe(4);
    await subscription.stop();
  });

  it('given a tampered file, when opened, then EventLogFileError names the line, field and reason', async () => {
    const { lines } = await exportedLines();
    const path = writeLog(withLine(lines, 2, (e) => ((e.data as Record<string, unknown>).caseNo = 'NO-forged')));
    const error = await openFileStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventLogFileError);
    expect(error).toMatchObject({ line: 3, field: 'hash' });
    await expect(openFileStore(join(tmpdir(), 'no-such-log.ndjson'))).rejects.toThrow(/cannot read: ENOENT/);
  });
});

describe('rawRecordsOfLines', () => {
  it('given an exported file with a changed payload, when verified from its lines, then the damaged event is named', async () => {
    const { lines } = await exportedLines();
    const tampered = withLine(lines, 1, (e) => ((e.data as Record<string, unknown>).staffId = 'staff-9'));
    const result = await verifyLog(rawRecordsOfLines(tampered));
    expect(result.damage).toMatchObject({ kind: 'altered', streamId: 'case-a', streamPosition: 1, globalPosition: 2 });
  });

  it('given a line that is not a record, when read, then an UnreadableLineError names the line', async () => {
    await expect(collect(rawRecordsOfLines(['{"streamId":"x"}']))).rejects.toThrow(UnreadableLineError);
    await expect(collect(rawRecordsOfLines(['', 'nope']))).rejects.toThrow(/line 2: \(json\): malformed JSON/);
  });
});
