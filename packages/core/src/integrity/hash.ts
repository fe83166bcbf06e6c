import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical';
import { digestHex } from './one-shot';

/** Hash algorithms of the chain: SHA-256 by default, SM3 (国密 GB/T 32905) as an option. */
export type HashAlgorithm = 'sha256' | 'sm3';
export const DEFAULT_HASH_ALGORITHM: HashAlgorithm = 'sha256';

/** The prevHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** Hex digest of a UTF-8 string. */
export const digest = (algorithm: HashAlgorithm, text: string): string => createHash(algorithm).update(text, 'utf8').digest('hex');

/**
 * The fields that are not hashed: `hash` itself, and `globalPosition`, which each store assigns
 * (an exported log imported elsewhere gets new global positions but keeps its hashes).
 */
const UNHASHED = new Set(['hash', 'globalPosition']);

/** The canonical text that is hashed and stored for one envelope. */
export const hashedText = (envelope: Record<string, unknown>): string => {
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(envelope)) {
    if (!UNHASHED.has(key) && envelope[key] !== undefined) body[key] = envelope[key];
  }
  return canonicalJson(body);
};

/** `hash = H(prevHash ‖ canonical JSON of the event without hash)` over the exact stored text; one-shot (every append hashes here). */
export const chainHash = (algorithm: HashAlgorithm, prevHash: string, canonical: string): string =>
  digestHex(algorithm, prevHash + canonical);

/**
 * Seal an envelope into the chain: sets `prevHash`, returns the canonical text to store and the hash.
 * Stores keep the canonical text so that verify hashes stored bytes without re-canonicalising.
 */
export const sealEnvelope = <E extends Record<string, unknown>>(
  algorithm: HashAlgorithm,
  prevHash: string,
  envelope: E,
): { event: E & { prevHash: string; hash: string }; canonical: string } => {
  const withPrev = { ...envelope, prevHash };
  const canonical = hashedText(withPrev);
  const hash = chainHash(algorithm, prevHash, canonical);
  return { event: { ...withPrev, hash }, canonical };
};
