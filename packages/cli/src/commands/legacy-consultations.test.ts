import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryEventStore, exportEventLog, type EventToAppend } from '@banjian/core';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { simulateHall } from '../simulator';
import { captureIo } from '../test-io';

const dir = mkdtempSync(join(tmpdir(), 'banjian-legacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = async (...argv: string[]) => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
};

/**
 * A log written the earlier way: besides the simulated year (one stream a consultation), the
 * hall's consultations of a few days sit in one stream `consultation-<hallId>`, as logs from before
 * events.md gave each consultation its own stream hold them.
 */
const legacyLog = async () => {
  const store = createInMemoryEventStore();
  const simulated = await simulateHall(store, { casesPerYear: 150, townshipCount: 0, seed: 7 });
  const hallId = simulated.rootHallId;
  const earlier: EventToAppend[] = Array.from({ length: 5 }, (_, i) => ({
    type: 'ConsultationRecorded',
    data: { consultationId: `old-q${i}`, hallId, topic: '办事指南咨询' },
    occurredAt: `2025-03-0${i + 3}T10:00:00+08:00`,
    actor: { kind: 'staff', id: 'old-desk' },
    commandId: `old-q${i}/1`,
  }));
  for (const event of earlier) await store.appendToStream(`consultation-${hallId}`, [event]);
  const lines: string[] = [];
  for await (const line of exportEventLog(store)) lines.push(line);
  const path = join(dir, 'legacy.ndjson');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const newStyle = lines.filter((l) => /"streamId":"consultation-/.test(l) && !l.includes(`"streamId":"consultation-${hallId}"`)).length;
  return { path, hallId, newStyle, lines: lines.length };
};

describe('a log with consultation-<hallId> streams (written before one stream a consultation)', () => {
  it('given such a log, when imported, reported and verified, then every consultation counts once and the chain verifies', async () => {
    const log = await legacyLog();
    expect(log.newStyle).toBeGreaterThan(0);
    const url = `sqlite:${join(dir, 'imported.db')}`;
    const imported = await cli('import', log.path, '--store', url);
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.out).toContain(`imported ${log.lines} events`);

    const report = await cli('report', '--from', '2025-01-01', '--to', '2026-01-01', '--hall', log.hallId, '--json', '--store', url);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.out).figures.consultations.value).toBe(log.newStyle + 5);

    const fromFile = await cli('report', '--from', '2025-01-01', '--to', '2026-01-01', '--hall', log.hallId, '--json', '--store', `file:${log.path}`);
    expect(JSON.parse(fromFile.out).figures).toEqual(JSON.parse(report.out).figures);

    // Intact (no damage); exit 3 only says no signed checkpoint anchors it yet.
    const verified = await cli('verify', '--store', url, '--json');
    expect(verified.code).toBe(3);
    expect(JSON.parse(verified.out)).toMatchObject({ ok: true, events: log.lines });
  }, 60_000);
});
