import { createHash, hash as oneShotHash } from 'node:crypto';
import type { HashAlgorithm } from './hash';

// `crypto.hash` (Node ≥ 20.12) is a one-shot digest about twice as fast as createHash on the short
// inputs of verify (a 300-byte event, a 33- or 65-byte tree node); older Node falls back.
const hasOneShot = typeof oneShotHash === 'function';

/** Digest bytes of binary data. */
export const digestBytes = (algorithm: HashAlgorithm, data: Uint8Array): Buffer =>
  hasOneShot ? oneShotHash(algorithm, data, 'buffer') : createHash(algorithm).update(data).digest();

/** Hex digest of binary data. */
export const digestBufferHex = (algorithm: HashAlgorithm, data: Uint8Array): string =>
  hasOneShot ? oneShotHash(algorithm, data, 'hex') : createHash(algorithm).update(data).digest('hex');

/** Hex digest of a UTF-8 string; the same value as `digest` in hash.ts, faster. */
export const digestHex = (algorithm: HashAlgorithm, text: string): string =>
  hasOneShot ? oneShotHash(algorithm, text, 'hex') : createHash(algorithm).update(text, 'utf8').digest('hex');
