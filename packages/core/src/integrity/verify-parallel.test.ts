import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RawEventRecord } from '../store/port';
import { createCheckpointSigner, verifyCheckpoint } from './checkpoint';
import { merkleRoot } from './merkle-proof';
import { renumber, sealedLog } from './sealed-log.fixture';
import { verifyLog } from './verify';
import { verifyInParallel } from './verify-parallel';

// 12,000 events over 300 streams: three batches for the worker.
const { records } = sealedLog({ cases: 300, perCase: 40 });
const hashes = records.map((r) => r.hash);
const keys = generateKeyPairSync('ed25519');
const signer = createCheckpointSigner({ privateKey: keys.privateKey, now: () => '2025-03-05T18:00:00+08:00' });
const checkpoints = [100, 5_000, 12_000].map((size) => signer.sign({ size, root: merkleRoot('sha256', hashes, size) }));
const setup = { algorithm: 'sha256' as const, checkpoints, signature: (c: (typeof checkpoints)[number]) => verifyCheckpoint(c, keys.publicKey), denseGlobalPositions: false };

const swap = (log: RawEventRecord[], a: number, b: number) =>
  log.map((r, i) => (i === a ? { ...(log[b] as RawEventRecord), globalPosition: r.globalPosition } : i === b ? { ...(log[a] as RawEventRecord), globalPosition: r.globalPosition } : r));
const scenarios: [string, RawEventRecord[]][] = [
  ['intact', records],
  ['a payload byte changed late', records.map((r, i) => (i === 9_000 ? { ...r, canonical: r.canonical.replace('enquire', 'enquirf') } : r))],
  ['two payloads changed in different batches', records.map((r, i) => (i === 4_500 || i === 10_000 ? { ...r, canonical: `${r.canonical} ` } : r))],
  ['a row deleted', records.filter((_, i) => i !== 7_000)],
  ['two rows of one stream swapped', swap(records, 6_000, 6_300)],
  ['a row duplicated', renumber([...records.slice(0, 8_000), records[7_999] as RawEventRecord, ...records.slice(8_000)])],
  ['a stream moved inside the signed range', renumber([...records.slice(0, 4_000), ...records.slice(4_001, 4_900), records[4_000] as RawEventRecord, ...records.slice(4_900)])],
  ['the log cut short', records.slice(0, 11_000)],
];

describe('verifyLog on two threads', () => {
  it.each(scenarios)('given %s, when verified with a worker, then the report is the one-thread report', async (_, log) => {
    const alone = await verifyLog(log, { checkpoints, publicKey: keys.publicKey });
    const paired = await verifyInParallel(log, { ...setup, checkpoints: [...checkpoints] }, { waitForWorker: true });
    expect(paired.threads).toBe(2);
    expect({ ...paired, threads: 1 }).toEqual(alone);
  });

  it('given a checkpoint with a bad signature beyond the handover, when verified with a worker, then it is named', async () => {
    const forged = { ...(checkpoints[1] as (typeof checkpoints)[number]), time: '2030-01-01T00:00:00Z' };
    const paired = await verifyInParallel(records, { ...setup, checkpoints: [checkpoints[0]!, forged, checkpoints[2]!] }, { waitForWorker: true });
    expect(paired.damage).toMatchObject({ kind: 'badSignature', globalPosition: 5_000 });
  });

  it('given the parallel option on a small log, when verified, then the result is the same as on one thread', async () => {
    const small = sealedLog().records;
    expect(await verifyLog(small, { parallel: true })).toEqual(await verifyLog(small));
  });
});
