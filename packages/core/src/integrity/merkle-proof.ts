import type { HashAlgorithm } from './hash';
import { createMerkleHasher, emptyTreeHash, splitPoint, type MerkleHasher } from './merkle-hash';

/** A proof argument that cannot describe a tree: index or sizes out of range. */
export class MerkleProofError extends Error {
  override readonly name = 'MerkleProofError';
  readonly kind = 'merkleProof' as const;
}

/** MTH(D[from:to]) over event hashes (RFC 6962 §2.1), recursively; O(to − from) hashes. */
const subtreeRoot = (hasher: MerkleHasher, eventHashes: readonly string[], from: number, to: number): string => {
  if (to - from === 1) return hasher.leaf(eventHashes[from] as string);
  const k = splitPoint(to - from);
  return hasher.node(subtreeRoot(hasher, eventHashes, from, from + k), subtreeRoot(hasher, eventHashes, from + k, to));
};

const checkSize = (eventHashes: readonly string[], size: number): void => {
  if (!Number.isInteger(size) || size < 0 || size > eventHashes.length) {
    throw new MerkleProofError(`tree size ${size} is outside 0…${eventHashes.length} (the leaves given)`);
  }
};

/** The root of the tree over the first `size` event hashes (hex). */
export const merkleRoot = (algorithm: HashAlgorithm, eventHashes: readonly string[], size = eventHashes.length): string => {
  checkSize(eventHashes, size);
  if (size === 0) return emptyTreeHash(algorithm);
  return subtreeRoot(createMerkleHasher(algorithm), eventHashes, 0, size);
};

/**
 * The audit path of leaf `index` in the tree of the first `size` leaves: RFC 6962 §2.1.1
 * PATH(m, D[n]), nearest sibling first.
 */
export const inclusionProof = (algorithm: HashAlgorithm, eventHashes: readonly string[], index: number, size = eventHashes.length): string[] => {
  checkSize(eventHashes, size);
  if (!Number.isInteger(index) || index < 0 || index >= size) throw new MerkleProofError(`leaf index ${index} is outside 0…${size - 1}`);
  const hasher = createMerkleHasher(algorithm);
  const path = (m: number, from: number, to: number): string[] => {
    if (to - from === 1) return [];
    const k = splitPoint(to - from);
    return m < k
      ? [...path(m, from, from + k), subtreeRoot(hasher, eventHashes, from + k, to)]
      : [...path(m - k, from + k, to), subtreeRoot(hasher, eventHashes, from, from + k)];
  };
  return path(index, 0, size);
};

/**
 * The proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize` leaves:
 * RFC 6962 §2.1.2 PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
 */
export const consistencyProof = (algorithm: HashAlgorithm, eventHashes: readonly string[], oldSize: number, newSize = eventHashes.length): string[] => {
  checkSize(eventHashes, newSize);
  if (!Number.isInteger(oldSize) || oldSize < 0 || oldSize > newSize) throw new MerkleProofError(`old size ${oldSize} is outside 0…${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const hasher = createMerkleHasher(algorithm);
  const subproof = (m: number, from: number, to: number, complete: boolean): string[] => {
    if (m === to - from) return complete ? [] : [subtreeRoot(hasher, eventHashes, from, to)];
    const k = splitPoint(to - from);
    return m <= k
      ? [...subproof(m, from, from + k, complete), subtreeRoot(hasher, eventHashes, from + k, to)]
      : [...subproof(m - k, from + k, to, false), subtreeRoot(hasher, eventHashes, from, from + k)];
  };
  return subproof(oldSize, 0, newSize, true);
};

const isHex32 = (s: string): boolean => /^[0-9a-f]{64}$/i.test(s);
const odd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);
const isPowerOfTwo = (n: number): boolean => {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
};

/**
 * One step of the RFC 9162 §2.1.3.2 / §2.1.4.2 walks up a path: whether the next path node is a
 * left sibling (`LSB(fn)` set or `fn == sn`), and the indices after the step (right-shifted past the
 * levels where the node has no right sibling, then once more).
 */
const pathStep = (fn: number, sn: number): { left: boolean; fn: number; sn: number } => {
  const left = odd(fn) || fn === sn;
  if (left) {
    while (!odd(fn) && fn !== 0) {
      fn = half(fn);
      sn = half(sn);
    }
  }
  return { left, fn: half(fn), sn: half(sn) };
};

/** Verify an audit path (RFC 9162 §2.1.3.2, the verification of RFC 6962 §2.1.1 paths). */
export const verifyInclusion = (
  algorithm: HashAlgorithm,
  eventHash: string,
  index: number,
  size: number,
  proof: readonly string[],
  root: string,
): boolean => {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  if (!proof.every(isHex32) || !isHex32(root)) return false;
  const hasher = createMerkleHasher(algorithm);
  let fn = index;
  let sn = size - 1;
  let r = hasher.leaf(eventHash);
  for (const hex of proof) {
    if (sn === 0) return false;
    const next = pathStep(fn, sn);
    r = next.left ? hasher.node(hex, r) : hasher.node(r, hex);
    ({ fn, sn } = next);
  }
  return sn === 0 && r === root.toLowerCase();
};

/** Verify a consistency proof between two tree heads (RFC 9162 §2.1.4.2 for RFC 6962 §2.1.2 proofs). */
export const verifyConsistency = (
  algorithm: HashAlgorithm,
  oldSize: number,
  newSize: number,
  oldRoot: string,
  newRoot: string,
  proof: readonly string[],
): boolean => {
  if (!Number.isInteger(oldSize) || !Number.isInteger(newSize) || oldSize < 0 || oldSize > newSize) return false;
  if (!proof.every(isHex32) || !isHex32(oldRoot) || !isHex32(newRoot)) return false;
  const oldHex = oldRoot.toLowerCase();
  const newHex = newRoot.toLowerCase();
  if (oldSize === newSize) return proof.length === 0 && oldHex === newHex;
  // The empty tree is a prefix of every tree; nothing to prove.
  if (oldSize === 0) return proof.length === 0 && oldHex === emptyTreeHash(algorithm);
  if (proof.length === 0) return false;
  const hasher = createMerkleHasher(algorithm);
  // When the old tree is a perfect subtree, its root is the first node of the path.
  const lower = proof.map((p) => p.toLowerCase());
  const path = isPowerOfTwo(oldSize) ? [oldHex, ...lower] : lower;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as string;
  let sr = fr;
  for (const hex of path.slice(1)) {
    if (sn === 0) return false;
    const next = pathStep(fn, sn);
    if (next.left) {
      fr = hasher.node(hex, fr);
      sr = hasher.node(hex, sr);
    } else {
      sr = hasher.node(sr, hex);
    }
    ({ fn, sn } = next);
  }
  return sn === 0 && fr === oldHex && sr === newHex;
};
