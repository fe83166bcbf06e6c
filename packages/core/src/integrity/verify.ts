import type { KeyObject } from 'node:crypto';
import type { RawEventRecord } from '../store/port';
import { verifyCheckpoint, type Checkpoint } from './checkpoint';
import { damageAt, NOWHERE, type Damage, type RecordPlace } from './damage';
import { DEFAULT_HASH_ALGORITHM, GENESIS_HASH, type HashAlgorithm } from './hash';
import { createMerkleTree } from './merkle-tree';
import { digestHex } from './one-shot';
import { loadPublicKey } from './signing-key';

export interface VerifyOptions {
  /** The log's chain hash; default the checkpoints' algorithm, else SHA-256. */
  algorithm?: HashAlgorithm;
  /** Signed tree heads to hold the log to (any order). */
  checkpoints?: readonly Checkpoint[];
  /** Ed25519 key the checkpoints must verify under; without it their roots are compared unsigned. */
  publicKey?: KeyObject | string;
}

export interface VerifyResult {
  ok: boolean;
  /** Records read. */
  events: number;
  /** Distinct streams seen. */
  streams: number;
  /** Global position of the last record verified (0 for an empty log). */
  lastPosition: number;
  /** Merkle root (RFC 6962) over the records read, hex. */
  root: string;
  algorithm: HashAlgorithm;
  /** Checkpoints whose root matched (and signature held, when a key was given). */
  checkpointsVerified: number;
  signaturesChecked: boolean;
  /** The first damage in global order. */
  damage?: Damage;
}

/** Options that cannot describe one log (checkpoints of another hash algorithm). */
export class VerifyOptionsError extends Error {
  override readonly name = 'VerifyOptionsError';
  readonly kind = 'verifyOptions' as const;
}

interface StreamState {
  next: number;
  lastHash: string;
  lastGlobal: number;
  /** JSON text of the stream id, as it appears in the canonical envelope. */
  idJson: string;
}

/** Positions a stream skipped, kept until they turn up later (reordered) or never do (missing). */
interface Gap {
  at: RecordPlace;
  from: number;
  to: number;
}

// Sorted keys (RFC 8785 §3.2.3) put streamId, streamPosition and prevHash after `data`, and only
// strings and numbers follow them, so the LAST occurrence of each key is the envelope's own: a key
// inside a string value would have its quotes escaped. Stored bytes are searched, never parsed.
const fieldValueAt = (canonical: string, key: string): number => {
  const at = canonical.lastIndexOf(key);
  return at < 0 ? -1 : at + key.length;
};
const followedBy = (text: string, at: number, value: string, ends: string): boolean =>
  at >= 0 && text.startsWith(value, at) && ends.includes(text.charAt(at + value.length));

/** Why a record disagrees with itself, or undefined when its bytes, hash and columns agree. */
const disagreement = (algorithm: HashAlgorithm, r: RawEventRecord, idJson: string): string | undefined => {
  if (digestHex(algorithm, r.prevHash + r.canonical) !== r.hash) return 'stored hash ≠ H(prevHash ‖ stored canonical text): the event was changed after it was sealed';
  const c = r.canonical;
  if (!followedBy(c, fieldValueAt(c, '"streamId":'), idJson, ',}')) return `the hashed text does not name stream ${r.streamId}`;
  if (!followedBy(c, fieldValueAt(c, '"streamPosition":'), String(r.streamPosition), ',}')) return `the hashed text does not name stream position ${r.streamPosition}`;
  if (!followedBy(c, fieldValueAt(c, '"prevHash":"'), r.prevHash, '"')) return 'the hashed text carries another prevHash than the record';
  return undefined;
};

/**
 * Walk a log in global order and confirm it, or name the first damage (spec §6): every record's
 * hash over its stored bytes, its stream position and chain link, global order, and — at each
 * checkpoint's size — the Merkle root and the checkpoint's signature.
 */
export const verifyLog = async (records: AsyncIterable<RawEventRecord> | Iterable<RawEventRecord>, options: VerifyOptions = {}): Promise<VerifyResult> => {
  const verifier = createVerifier(options);
  // An array or other synchronous source is walked without an await per record.
  if (Symbol.iterator in records) {
    for (const r of records) if (!verifier.step(r)) break;
  } else {
    for await (const r of records) if (!verifier.step(r)) break;
  }
  return verifier.finish();
};

interface Verifier {
  /** Check the next record; false once the first damage is settled (stop reading). */
  step(r: RawEventRecord): boolean;
  finish(): VerifyResult;
}

const createVerifier = (options: VerifyOptions): Verifier => {
  const checkpoints = [...(options.checkpoints ?? [])].sort((a, b) => a.size - b.size);
  const algorithm = options.algorithm ?? checkpoints[0]?.algorithm ?? DEFAULT_HASH_ALGORITHM;
  const foreign = checkpoints.find((c) => c.algorithm !== algorithm);
  if (foreign) throw new VerifyOptionsError(`checkpoint at size ${foreign.size} is over ${foreign.algorithm}, the log is verified with ${algorithm}`);
  const publicKey = options.publicKey === undefined ? undefined : loadPublicKey(options.publicKey);

  const tree = createMerkleTree(algorithm);
  const streams = new Map<string, StreamState>();
  let events = 0;
  let lastGlobal = 0;
  let last: RecordPlace = NOWHERE;
  let verified = 0;
  let nextCheckpoint = 0;
  let gap: Gap | undefined;
  let damage: Damage | undefined;

  /** Hold the tree to every checkpoint of its current size; the first failure is the damage. */
  const checkCheckpoints = (at: RecordPlace): Damage | undefined => {
    for (; nextCheckpoint < checkpoints.length && (checkpoints[nextCheckpoint] as Checkpoint).size === tree.size; nextCheckpoint++) {
      const checkpoint = checkpoints[nextCheckpoint] as Checkpoint;
      const signatureFailure = badSignature(checkpoint, publicKey, at);
      if (signatureFailure) return signatureFailure;
      if (tree.root() !== checkpoint.root) {
        return damageAt(
          'inserted',
          at,
          `the Merkle root of the first ${checkpoint.size} events does not match the checkpoint of ${checkpoint.time}: an event within them was forged, added or moved`,
          checkpoint,
        );
      }
      verified += 1;
    }
    return undefined;
  };

  /** The damage this record shows, if any; otherwise it extends its stream, the log and the tree. */
  const examine = (r: RawEventRecord): Damage | undefined => {
    if (r.globalPosition <= lastGlobal) {
      return r.globalPosition === lastGlobal
        ? damageAt('inserted', r, `global position ${r.globalPosition} appears twice`)
        : damageAt('reordered', r, `global position ${r.globalPosition} comes after ${lastGlobal}`);
    }
    let stream = streams.get(r.streamId);
    if (stream === undefined) {
      stream = { next: 0, lastHash: GENESIS_HASH, lastGlobal: 0, idJson: JSON.stringify(r.streamId) };
      streams.set(r.streamId, stream);
    }
    const selfCheck = disagreement(algorithm, r, stream.idJson);
    if (selfCheck !== undefined) return damageAt('altered', r, selfCheck);
    if (r.streamPosition < stream.next) {
      return damageAt('inserted', r, `stream position ${r.streamPosition} appears again (the stream had reached ${stream.next - 1} at global ${stream.lastGlobal})`);
    }
    if (r.streamPosition > stream.next) {
      gap = { at: r, from: stream.next, to: r.streamPosition };
      return undefined;
    }
    if (r.prevHash !== stream.lastHash) {
      return damageAt(
        'inserted',
        r,
        r.streamPosition === 0
          ? 'the first event of the stream does not start from the genesis hash'
          : `prevHash does not link to position ${r.streamPosition - 1} (global ${stream.lastGlobal}): this event or the one before it is not the original`,
      );
    }
    stream.next += 1;
    stream.lastHash = r.hash;
    stream.lastGlobal = r.globalPosition;
    lastGlobal = r.globalPosition;
    last = r;
    tree.append(r.hash);
    return nextCheckpoint < checkpoints.length ? checkCheckpoints(r) : undefined;
  };

  damage = checkCheckpoints(NOWHERE);

  return {
    step(r) {
      if (damage !== undefined) return false;
      events += 1;
      if (gap === undefined) {
        damage = examine(r);
      } else if (r.streamId === gap.at.streamId && r.streamPosition >= gap.from && r.streamPosition < gap.to) {
        // A skipped position turning up later means its rows were swapped, not removed.
        damage = damageAt('reordered', gap.at, `position ${gap.at.streamPosition} comes before position ${r.streamPosition} (global ${r.globalPosition}) of its stream`);
      }
      return damage === undefined;
    },

    finish() {
      if (damage === undefined && gap !== undefined) {
        const { at, from, to } = gap;
        const absent = to - from === 1 ? `position ${from} is` : `positions ${from}…${to - 1} are`;
        damage = { ...damageAt('missing', at, `${absent} absent: the stream jumps to ${at.streamPosition} at global ${at.globalPosition}`), streamPosition: from };
      }
      // Checkpoints beyond the end: a genuine one means events were removed from the end of the log.
      for (; damage === undefined && nextCheckpoint < checkpoints.length; nextCheckpoint++) {
        const checkpoint = checkpoints[nextCheckpoint] as Checkpoint;
        damage =
          badSignature(checkpoint, publicKey, last) ??
          damageAt('missing', last, `the log ends after ${tree.size} events; the checkpoint of ${checkpoint.time} was signed at size ${checkpoint.size}`, checkpoint);
      }
      return {
        ok: damage === undefined,
        events,
        streams: streams.size,
        lastPosition: lastGlobal,
        root: tree.root(),
        algorithm,
        checkpointsVerified: verified,
        signaturesChecked: publicKey !== undefined,
        ...(damage ? { damage } : {}),
      };
    },
  };
};

const badSignature = (checkpoint: Checkpoint, publicKey: KeyObject | undefined, at: RecordPlace): Damage | undefined => {
  if (publicKey === undefined) return undefined;
  const verdict = verifyCheckpoint(checkpoint, publicKey);
  return verdict.valid ? undefined : damageAt('badSignature', at, `checkpoint at size ${checkpoint.size}: ${verdict.reason}`, checkpoint);
};
