import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RawEventRecord } from '../store/port';
import { createCheckpointSigner, type Checkpoint } from './checkpoint';
import { GENESIS_HASH } from './hash';
import { merkleRoot } from './merkle-proof';
import { renumber, sealedLog, sealRecord } from './sealed-log.fixture';
import { verifyLog, VerifyOptionsError } from './verify';

// Three cases of four events each, interleaved: global 1 = case-c-1 #0, 2 = case-c-2 #0, 3 = case-c-3 #0, 4 = case-c-1 #1, …
const { records, envelopes } = sealedLog({ cases: 3, perCase: 4 });
const recordAt = (globalPosition: number) => records[globalPosition - 1] as RawEventRecord;
const keys = generateKeyPairSync('ed25519');
const signer = createCheckpointSigner({ privateKey: keys.privateKey, now: () => '2025-03-05T18:00:00+08:00' });
const checkpointAt = (size: number, log: readonly RawEventRecord[] = records): Checkpoint =>
  signer.sign({ size, root: merkleRoot('sha256', log.map((r) => r.hash), size) });

describe('verifyLog on an intact log', () => {
  it('given an untouched log, when verified, then it is ok with counts, last position and the Merkle root of all events', async () => {
    const result = await verifyLog(records);
    expect(result).toEqual({
      ok: true,
      events: 12,
      streams: 3,
      lastPosition: 12,
      root: merkleRoot('sha256', records.map((r) => r.hash)),
      algorithm: 'sha256',
      checkpointsVerified: 0,
      signaturesChecked: false,
      anchoredThrough: 0,
      threads: 1,
      damages: [],
      kinds: {},
    });
  });

  it('given signed checkpoints at several sizes, when verified with the public key, then every one is confirmed', async () => {
    const checkpoints = [checkpointAt(12), checkpointAt(0), checkpointAt(5)];
    const result = await verifyLog(records, { checkpoints, publicKey: keys.publicKey });
    expect(result).toMatchObject({ ok: true, checkpointsVerified: 3, signaturesChecked: true, anchoredThrough: 12 });
  });

  it('given checkpoints but no public key, when verified, then their roots are compared and nothing is anchored', async () => {
    const result = await verifyLog(records, { checkpoints: [checkpointAt(12)] });
    expect(result).toMatchObject({ ok: true, checkpointsVerified: 1, signaturesChecked: false, anchoredThrough: 0 });
  });

  it('given a signed checkpoint older than the newest events, when verified with the key, then only the events under it are anchored', async () => {
    expect(await verifyLog(records, { checkpoints: [checkpointAt(5)], publicKey: keys.publicKey })).toMatchObject({ ok: true, anchoredThrough: 5, events: 12 });
  });

  it('given an SM3 log, when verified as SM3, then it is ok; verified as SHA-256 its first event reads as altered', async () => {
    const sm3 = sealedLog({ algorithm: 'sm3' }).records;
    expect((await verifyLog(sm3, { algorithm: 'sm3' })).ok).toBe(true);
    expect((await verifyLog(sm3)).damage).toMatchObject({ kind: 'altered', globalPosition: 1 });
  });

  it('given a checkpoint over another hash algorithm, when verified, then the options are refused', async () => {
    const sm3Checkpoint = createCheckpointSigner({ privateKey: keys.privateKey, algorithm: 'sm3' }).sign({ size: 1, root: merkleRoot('sm3', [recordAt(1).hash]) });
    await expect(verifyLog(records, { algorithm: 'sha256', checkpoints: [sm3Checkpoint] })).rejects.toThrow(VerifyOptionsError);
  });
});

describe('verifyLog names the first damage', () => {
  it('given a payload byte changed in the stored text, when verified, then that event is reported altered', async () => {
    const target = recordAt(8); // case-c-2 position 2
    const tampered = records.map((r) => (r === target ? { ...r, canonical: r.canonical.replace('"purpose":"enquire"', '"purpose":"enquirf"') } : r));
    const { ok, damage } = await verifyLog(tampered);
    expect(ok).toBe(false);
    expect(damage).toMatchObject({ kind: 'altered', streamId: 'case-c-2', streamPosition: 2, globalPosition: 8 });
    expect(damage?.detail).toMatch(/stored hash ≠ H\(prevHash ‖ stored canonical text\)/);
  });

  it('given a row whose stream position column disagrees with its hashed text, when verified, then it is altered', async () => {
    const tampered = records.map((r) => (r.globalPosition === 4 ? { ...r, streamPosition: 7 } : r));
    const { damage } = await verifyLog(tampered);
    expect(damage).toMatchObject({ kind: 'altered', streamId: 'case-c-1', streamPosition: 7, globalPosition: 4, detail: 'the hashed text does not name stream position 7' });
  });

  it('given a row moved to another stream by its stream id column, when verified, then it is altered', async () => {
    const tampered = records.map((r) => (r.globalPosition === 4 ? { ...r, streamId: 'case-c-9' } : r));
    expect((await verifyLog(tampered)).damage).toMatchObject({ kind: 'altered', streamId: 'case-c-9', globalPosition: 4 });
  });

  it('given a row deleted from the middle of a stream, when verified, then the stream reports that position missing', async () => {
    const tampered = records.filter((r) => r.globalPosition !== 5); // case-c-2 position 1
    const { damage } = await verifyLog(tampered);
    expect(damage).toMatchObject({ kind: 'missing', streamId: 'case-c-2', streamPosition: 1, globalPosition: 8 });
    expect(damage?.detail).toBe('position 1 is absent: the stream jumps to 2 at global 8');
  });

  it('given the first row of a stream deleted, when verified, then position 0 is missing', async () => {
    const tampered = records.filter((r) => r.globalPosition !== 3);
    expect((await verifyLog(tampered)).damage).toMatchObject({ kind: 'missing', streamId: 'case-c-3', streamPosition: 0, globalPosition: 6 });
  });

  it('given the last row deleted, when verified against a checkpoint of the full log, then events are missing', async () => {
    const tampered = records.slice(0, -1);
    expect((await verifyLog(tampered)).ok).toBe(true);
    const { damage } = await verifyLog(tampered, { checkpoints: [checkpointAt(12)], publicKey: keys.publicKey });
    expect(damage).toMatchObject({ kind: 'missing', streamId: 'case-c-2', streamPosition: 3, globalPosition: 11, checkpoint: { size: 12 } });
    expect(damage?.detail).toMatch(/the log ends after 11 events; the checkpoint of .* was signed at size 12/);
  });

  it('given two rows of one stream swapped, when verified, then the event seen too early is reported reordered', async () => {
    // case-c-1 position 1 sits at global 4, position 2 at global 7: swap their stored contents.
    const tampered = records.map((r) => (r.globalPosition === 4 ? { ...recordAt(7), globalPosition: 4 } : r.globalPosition === 7 ? { ...recordAt(4), globalPosition: 7 } : r));
    const { damage } = await verifyLog(tampered);
    expect(damage).toMatchObject({ kind: 'reordered', streamId: 'case-c-1', streamPosition: 2, globalPosition: 4 });
    expect(damage?.detail).toBe('position 2 comes before position 1 (global 7) of its stream');
  });

  it('given global positions that go backwards, when verified, then they are reported reordered', async () => {
    const tampered = [recordAt(1), recordAt(3), recordAt(2), ...records.slice(3)];
    expect((await verifyLog(tampered)).damage).toMatchObject({ kind: 'reordered', globalPosition: 2 });
  });

  it('given a row duplicated, when verified, then the copy is reported inserted', async () => {
    const tampered = renumber([...records.slice(0, 4), recordAt(4), ...records.slice(4)]);
    const { damage } = await verifyLog(tampered);
    expect(damage).toMatchObject({ kind: 'inserted', streamId: 'case-c-1', streamPosition: 1, globalPosition: 5 });
    expect(damage?.detail).toBe('stream position 1 appears again (the stream had reached 1 at global 4)');
  });

  it('given a forged event appended to a stream with a recomputed hash but a wrong link, when verified, then it is inserted', async () => {
    const envelope = { ...envelopes[9], streamPosition: 4, eventId: 'forged', commandId: 'forged' } as Record<string, unknown> & { streamId: string; streamPosition: number };
    delete envelope.hash;
    delete envelope.globalPosition;
    const forged = sealRecord('sha256', GENESIS_HASH.replace(/^0/, '1'), envelope, 13);
    const { damage } = await verifyLog([...records, forged]);
    expect(damage).toMatchObject({ kind: 'inserted', streamId: 'case-c-1', streamPosition: 4, globalPosition: 13 });
    expect(damage?.detail).toMatch(/prevHash does not link to position 3 \(global 10\)/);
  });

  it('given a forged event correctly linked and hashed inside a signed range, when verified, then the Merkle root exposes it as inserted', async () => {
    const original = renumber(records.slice(0, 9)); // case-c-1..3 positions 0–2
    const checkpoint = checkpointAt(12, records);
    // The forger rewrites case-c-3 position 3 (another commandId, hash recomputed) and moves it from
    // global 12 to 10: every record agrees with itself and every chain link holds.
    const forgedEnvelope = { ...envelopes[11] } as Record<string, unknown> & { streamId: string; streamPosition: number };
    delete forgedEnvelope.hash;
    delete forgedEnvelope.globalPosition;
    forgedEnvelope.commandId = 'forged';
    const forged = sealRecord('sha256', recordAt(9).hash, forgedEnvelope, 10);
    const tampered = renumber([...original, forged, recordAt(10), recordAt(11)]);
    expect((await verifyLog(tampered)).ok).toBe(true);
    const { damage } = await verifyLog(tampered, { checkpoints: [checkpoint], publicKey: keys.publicKey });
    expect(damage).toMatchObject({ kind: 'inserted', globalPosition: 12, checkpoint: { size: 12 } });
    expect(damage?.detail).toMatch(/the Merkle root of the first 12 events does not match the checkpoint/);
  });

  it('given a checkpoint whose signature has a flipped byte, when verified with the key, then it is a bad signature', async () => {
    const checkpoint = checkpointAt(6);
    const signature = Buffer.from(checkpoint.signature, 'base64');
    signature[10] = (signature[10] as number) ^ 0x80;
    const { damage } = await verifyLog(records, { checkpoints: [{ ...checkpoint, signature: signature.toString('base64') }], publicKey: keys.publicKey });
    expect(damage).toMatchObject({ kind: 'badSignature', streamId: 'case-c-3', streamPosition: 1, globalPosition: 6, checkpoint: { size: 6 } });
  });

  it('given a forged checkpoint claiming a longer log, when verified, then its bad signature is reported, not missing events', async () => {
    const forged = { ...checkpointAt(12), size: 20 };
    expect((await verifyLog(records, { checkpoints: [forged], publicKey: keys.publicKey })).damage).toMatchObject({ kind: 'badSignature', globalPosition: 12 });
  });

  it('given two kinds of damage, when verified, then the first in global order is named and the walk goes on to the other', async () => {
    const tampered = records
      .filter((r) => r.globalPosition !== 9)
      .map((r) => (r.globalPosition === 5 ? { ...r, canonical: `${r.canonical} ` } : r));
    const result = await verifyLog(tampered);
    expect(result.damage).toMatchObject({ kind: 'altered', globalPosition: 5 });
    expect(result.damages.map((d) => [d.kind, d.globalPosition])).toEqual([
      ['altered', 5],
      ['missing', 12],
    ]);
    expect(result.kinds).toMatchObject({ altered: { count: 1, first: { globalPosition: 5 } }, missing: { count: 1, first: { streamId: 'case-c-3', streamPosition: 2 } } });
    expect(result.events).toBe(11);
  });

  it('given many damaged records, when verified with a bound, then the first ones are listed and every one is counted', async () => {
    const tampered = records.map((r) => (r.globalPosition % 2 === 0 ? { ...r, canonical: `${r.canonical} ` } : r));
    const result = await verifyLog(tampered, { maxDamages: 2 });
    expect(result.damages.map((d) => d.globalPosition)).toEqual([2, 4]);
    expect(result.kinds.altered).toMatchObject({ count: 6, first: { globalPosition: 2 } });
  });
});

describe('verifyLog holds the columns readers use to the hashed text', () => {
  const withColumns = (r: RawEventRecord) => {
    const event = JSON.parse(r.canonical) as { type: string; eventId: string; occurredAt: string };
    return { ...r, type: event.type, eventId: event.eventId, occurredAt: event.occurredAt };
  };
  const stored = records.map(withColumns);

  it('given columns that agree with the hashed text, when verified, then the log is intact', async () => {
    expect((await verifyLog(stored)).ok).toBe(true);
  });

  it('given column values JSON escapes (quotes, a tab, a backslash), when verified, then they agree with the hashed text; one character off is altered', async () => {
    const { hash: _h, globalPosition: _g, prevHash: _p, ...envelope } = envelopes[0] as Record<string, unknown> & { streamId: string; streamPosition: number };
    const eventId = 'id "quoted"\tand \\ back';
    const record = withColumns(sealRecord('sha256', GENESIS_HASH, { ...envelope, eventId }, 1));
    expect(record.eventId).toBe(eventId);
    expect((await verifyLog([record], { denseGlobalPositions: true })).ok).toBe(true);
    expect((await verifyLog([{ ...record, eventId: eventId.replace('\t', ' ') }])).damage?.detail).toMatch(/event id column/);
  });

  it.each([
    ['type', { type: 'CaseCompleted' }, /type column \(CaseCompleted\)/],
    ['event id', { eventId: '0190a000-0000-7000-8000-999999999999' }, /event id column/],
    ['occurred-at', { occurredAt: '2025-03-03T09:00:00+08:00' }, /occurred-at column/],
  ])('given a %s column rewritten on two rows, when verified, then both rows are altered', async (_, change, detail) => {
    const tampered = stored.map((r) => (r.globalPosition === 4 || r.globalPosition === 10 ? { ...r, ...change } : r));
    const result = await verifyLog(tampered);
    expect(result.damages).toHaveLength(2);
    expect(result.damages[0]).toMatchObject({ kind: 'altered', streamId: 'case-c-1', streamPosition: 1, globalPosition: 4 });
    expect(result.damages[0]?.detail).toMatch(detail);
    expect(result.damages[1]).toMatchObject({ kind: 'altered', globalPosition: 10 });
  });
});

describe('verifyLog on a log numbered without holes', () => {
  it('given a row deleted from the end of a stream, when verified as dense, then the hole in global positions is missing events', async () => {
    const tampered = records.filter((r) => r.globalPosition !== 10); // case-c-1's last event
    expect((await verifyLog(tampered)).ok).toBe(true);
    const { damages } = await verifyLog(tampered, { denseGlobalPositions: true });
    expect(damages).toEqual([expect.objectContaining({ kind: 'missing', globalPosition: 11, detail: expect.stringMatching(/global position 10 is absent/) })]);
  });

  it('given a checkpoint of the full log and the last rows deleted, when verified, then the lost checkpoint is named', async () => {
    const full = checkpointAt(12);
    const result = await verifyLog(records.slice(0, 9), { checkpoints: [checkpointAt(6), full], publicKey: keys.publicKey });
    expect(result).toMatchObject({ ok: false, anchoredThrough: 6, lostCheckpoint: { size: 12, time: full.time } });
  });
});
