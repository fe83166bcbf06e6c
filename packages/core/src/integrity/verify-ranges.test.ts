import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RawEventRecord } from '../store/port';
import { createCheckpointSigner, type Checkpoint } from './checkpoint';
import { GENESIS_HASH } from './hash';
import { merkleRoot } from './merkle-proof';
import { inStoredOrder, rangeSourceOf } from './raw-range.fixture';
import { renumber, sealedLog, sealRecord } from './sealed-log.fixture';
import { verifyLog } from './verify';

// 7 cases of 30 events interleaved (global 1 = case-c-1 #0, 2 = case-c-2 #0, …): every stream crosses every cut.
const { records, envelopes } = sealedLog({ cases: 7, perCase: 30 });
const at = (globalPosition: number) => records[globalPosition - 1] as RawEventRecord;
const keys = generateKeyPairSync('ed25519');
const signer = createCheckpointSigner({ privateKey: keys.privateKey, now: () => '2025-03-05T18:00:00+08:00' });
const checkpointAt = (size: number): Checkpoint => signer.sign({ size, root: merkleRoot('sha256', records.map((r) => r.hash), size) });
// Sizes at a cut (16, 32, 64 with ranges of 16 or 32), just past one (33), inside ranges (100) and at the end.
const checkpoints = [0, 16, 32, 33, 64, 100, 210].map(checkpointAt);

const replaced = (log: readonly RawEventRecord[], changes: Record<number, RawEventRecord>) => log.map((r) => changes[r.globalPosition] ?? r);
const moved = (from: number, to: number): RawEventRecord => ({ ...at(from), globalPosition: to });
const forgedAfter = (globalPosition: number, envelopeIndex: number): RawEventRecord => {
  const envelope = { ...envelopes[envelopeIndex], commandId: 'forged' } as Record<string, unknown> & { streamId: string; streamPosition: number };
  delete envelope.hash;
  delete envelope.globalPosition;
  return sealRecord('sha256', envelopes[envelopeIndex]?.prevHash as string, envelope, globalPosition);
};

const scenarios: [string, RawEventRecord[], Checkpoint[]][] = [
  ['an intact log', records, checkpoints],
  ['a payload changed in the last record of a range', replaced(records, { 32: { ...at(32), canonical: at(32).canonical.replace('enquire', 'enquirf') } }), checkpoints],
  ['a payload changed in the first record of a range', replaced(records, { 33: { ...at(33), canonical: `${at(33).canonical} ` } }), checkpoints],
  ['the first record of a range deleted', records.filter((r) => r.globalPosition !== 17), checkpoints],
  ['the last record of a stream deleted (only the checkpoints see it)', records.filter((r) => r.globalPosition !== 204), checkpoints],
  ['the last record of a stream deleted, no checkpoints', records.filter((r) => r.globalPosition !== 204), []],
  ['two rows of a stream swapped across a cut', replaced(records, { 29: moved(36, 29), 36: moved(29, 36) }), checkpoints],
  ['two rows of a stream swapped far apart', replaced(records, { 8: moved(190, 8), 190: moved(8, 190) }), checkpoints],
  ['a row duplicated across a cut', renumber([...records.slice(0, 32), at(26), ...records.slice(32)]), []],
  ['a forged row, correctly linked, inside the signed range', replaced(records, { 40: forgedAfter(40, 39) }), checkpoints],
  ['a forged row, correctly linked, unsigned', replaced(records, { 40: forgedAfter(40, 39) }), []],
  ['a stream starting from another genesis', replaced(records, { 5: sealRecord('sha256', GENESIS_HASH.replace(/^0/, '1'), { ...envelopes[4], hash: undefined, globalPosition: undefined } as never, 5) }), []],
  ['the log cut short in a range', records.slice(0, 150), checkpoints],
  ['a checkpoint with a bad signature at a cut', records, checkpoints.map((c) => (c.size === 64 ? { ...c, time: '2030-01-01T00:00:00Z' } : c))],
  ['a checkpoint of another log inside a range', records, checkpoints.map((c) => (c.size === 100 ? signer.sign({ size: 100, root: checkpointAt(99).root }) : c))],
];

describe('verifyLog by ranges', () => {
  describe.each([1, 16, 50])('ranges of %i positions', (size) => {
    it.each(scenarios)('given %s, when verified by ranges on two threads, then the report is the one-thread report', async (_, log, held) => {
      const options = { checkpoints: held, publicKey: keys.publicKey };
      const alone = await verifyLog(inStoredOrder(log), options);
      const ranged = await verifyLog(rangeSourceOf(log), { ...options, parallel: true, ranges: { size, workers: 1, waitForWorkers: true } });
      expect({ ...ranged, threads: 1 }).toEqual(alone);
      expect(ranged.threads).toBe(2);
    });
  });

  it('given no worker or no parallel option, when verified by ranges, then this thread walks the log with the same report', async () => {
    const log = records.filter((r) => r.globalPosition !== 50);
    const alone = await verifyLog(log, { checkpoints });
    expect(await verifyLog(rangeSourceOf(log), { checkpoints, parallel: true, ranges: { size: 8, workers: 0 } })).toEqual(alone);
    expect(await verifyLog(rangeSourceOf(log), { checkpoints, ranges: { size: 8 } })).toEqual(alone);
  });

  it('given a log of one range, when verified in parallel, then no worker is started', async () => {
    const result = await verifyLog(rangeSourceOf(records), { parallel: true, ranges: { size: 210, waitForWorkers: true } });
    expect(result).toMatchObject({ ok: true, events: 210, threads: 1 });
  });

  it('given an empty log, when verified by ranges, then it is intact and empty', async () => {
    expect(await verifyLog(rangeSourceOf([]), { parallel: true })).toEqual(await verifyLog([]));
  });

  it('given a range size that is not a whole number, when verified, then it is refused', async () => {
    await expect(verifyLog(rangeSourceOf(records), { parallel: true, ranges: { size: 0.5 } })).rejects.toThrow(/range size must be a whole number/);
  });
});
