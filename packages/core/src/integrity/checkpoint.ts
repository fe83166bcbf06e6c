import { sign, verify, type KeyObject } from 'node:crypto';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either';
import * as t from 'io-ts';
import { decodeWith, type DecodeError } from '../events/decode';
import { closed, Instant, NonEmptyString, NonNegativeInteger } from '../events/primitives';
import { canonicalJson } from './canonical';
import { DEFAULT_HASH_ALGORITHM, type HashAlgorithm } from './hash';
import { keyIdOf, loadPrivateKey, loadPublicKey } from './signing-key';

const Hex32 = new t.Type<string, string, unknown>(
  'Hex32 (64 hex digits)',
  (u): u is string => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u),
  (u, c) => (typeof u === 'string' && /^[0-9a-f]{64}$/.test(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/**
 * A signed tree head over the global log (spec §6): the Merkle root (RFC 6962) of the first
 * `size` events, when it was taken, signed with Ed25519 over the canonical JSON of everything but
 * the signature.
 */
export const CheckpointCodec = closed(
  'Checkpoint',
  {
    size: NonNegativeInteger,
    root: Hex32,
    time: Instant,
    algorithm: t.keyof({ sha256: null, sm3: null }, 'HashAlgorithm'),
    signature: NonEmptyString,
  },
  { keyId: NonEmptyString },
);
export type Checkpoint = t.TypeOf<typeof CheckpointCodec>;

/** The tree head to sign: size and root, optionally the time (default: now). */
export interface TreeHead {
  size: number;
  root: string;
  time?: string;
}

// Domain separation: a checkpoint signature can never be replayed as a signature over anything else.
const SIGNED_PREFIX = 'banjian-checkpoint/v1\n';

/** The exact bytes signed: a prefix and the RFC 8785 text of the checkpoint without its signature. */
export const checkpointMessage = (checkpoint: Omit<Checkpoint, 'signature'> & { signature?: string }): Buffer => {
  const { signature: _signature, ...body } = checkpoint;
  return Buffer.from(SIGNED_PREFIX + canonicalJson(body), 'utf8');
};

export interface CheckpointSigner {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  readonly algorithm: HashAlgorithm;
  sign(head: TreeHead): Checkpoint;
}

export interface CheckpointSignerOptions {
  /** Ed25519 private key: a KeyObject, a PEM text or a path to a PEM file. */
  privateKey: KeyObject | string;
  /** Default: derived from the public key (`keyIdOf`). */
  keyId?: string;
  /** The hash algorithm of the log's tree; default SHA-256. */
  algorithm?: HashAlgorithm;
  now?: () => string;
}

export const createCheckpointSigner = (options: CheckpointSignerOptions): CheckpointSigner => {
  const privateKey = loadPrivateKey(options.privateKey);
  const publicKey = loadPublicKey(privateKey);
  const keyId = options.keyId ?? keyIdOf(publicKey);
  const algorithm = options.algorithm ?? DEFAULT_HASH_ALGORITHM;
  const now = options.now ?? (() => new Date().toISOString());
  return {
    keyId,
    publicKey,
    algorithm,
    sign(head) {
      const body = { size: head.size, root: head.root, time: head.time ?? now(), algorithm, keyId };
      const decoded = decodeWith(CheckpointCodec, { ...body, signature: 'unsigned' });
      if (isLeft(decoded)) throw new TypeError(`checkpoint: ${decoded.left.message}`);
      // Ed25519 signs the message itself (RFC 8032 PureEdDSA): no separate digest, hence `null`.
      return { ...body, signature: sign(null, checkpointMessage(body), privateKey).toString('base64') };
    },
  };
};

export type CheckpointVerdict = { valid: true } | { valid: false; reason: string };

/** Does the signature hold for this checkpoint under this Ed25519 public key? */
export const verifyCheckpoint = (checkpoint: Checkpoint, publicKey: KeyObject | string): CheckpointVerdict => {
  const key = loadPublicKey(publicKey);
  const signature = Buffer.from(checkpoint.signature, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== checkpoint.signature) {
    return { valid: false, reason: 'signature is not a base64 Ed25519 signature (64 bytes)' };
  }
  return verify(null, checkpointMessage(checkpoint), key, signature)
    ? { valid: true }
    : { valid: false, reason: `signature does not verify under key ${keyIdOf(key)}` };
};

/** Decode one checkpoint (as read from a file or a store row). */
export const decodeCheckpoint = (value: unknown): Either<DecodeError, Checkpoint> => decodeWith(CheckpointCodec, value);

/** A checkpoints file that cannot be read: which entry and why. */
export interface CheckpointFileError {
  kind: 'checkpointFile';
  entry: number;
  field: string;
  reason: string;
  message: string;
}

const fileError = (entry: number, field: string, reason: string): CheckpointFileError => ({
  kind: 'checkpointFile',
  entry,
  field,
  reason,
  message: `checkpoint ${entry}: ${field}: ${reason}`,
});

/** Parse a checkpoints file: a JSON array of checkpoints, or one checkpoint per line (NDJSON). Entries are 1-based. */
export const parseCheckpoints = (text: string): Either<CheckpointFileError, Checkpoint[]> => {
  const trimmed = text.trim();
  let values: unknown[];
  try {
    values = trimmed.startsWith('[')
      ? (JSON.parse(trimmed) as unknown[])
      : trimmed
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as unknown);
  } catch (error) {
    return left(fileError(0, '(file)', `malformed JSON: ${(error as Error).message}`));
  }
  const checkpoints: Checkpoint[] = [];
  for (const [i, value] of values.entries()) {
    const decoded = decodeCheckpoint(value);
    if (isLeft(decoded)) return left(fileError(i + 1, decoded.left.field, decoded.left.reason));
    checkpoints.push(decoded.right);
  }
  return right(checkpoints);
};
