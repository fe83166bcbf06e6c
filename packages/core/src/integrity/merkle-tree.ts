import { DEFAULT_HASH_ALGORITHM, type HashAlgorithm } from './hash';
import { createMerkleHasher, emptyTreeHash } from './merkle-hash';

/**
 * An append-only Merkle tree over the global log (RFC 6962 §2.1), built one leaf at a time.
 * It keeps only the roots of its perfect subtrees — one per set bit of the size — so memory is
 * O(log n), and the root at the current size costs O(log n) node hashes.
 */
export interface MerkleTree {
  readonly algorithm: HashAlgorithm;
  /** Leaves appended so far. */
  readonly size: number;
  /** Append the leaf of one event, given its chain hash (hex). */
  append(eventHash: string): void;
  /** MTH of all leaves so far, hex. */
  root(): string;
  /** The whole state: enough to carry on building the tree elsewhere (another thread). */
  state(): MerkleTreeState;
}

/** Size and the roots of the perfect subtrees, largest first (one per set bit of the size). */
export interface MerkleTreeState {
  size: number;
  frontier: readonly string[];
}

export const createMerkleTree = (algorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM, from: MerkleTreeState = { size: 0, frontier: [] }): MerkleTree => {
  const hasher = createMerkleHasher(algorithm);
  const frontier: string[] = [...from.frontier];
  let size = from.size;
  return {
    algorithm,
    get size() {
      return size;
    },
    append(eventHash) {
      let node = hasher.leaf(eventHash);
      // Each trailing 1 bit of the old size is a perfect subtree of the same height: merge.
      for (let n = size; n % 2 === 1; n = (n - 1) / 2) node = hasher.node(frontier.pop() as string, node);
      frontier.push(node);
      size += 1;
    },
    root() {
      if (frontier.length === 0) return emptyTreeHash(algorithm);
      // RFC 6962 §2.1: MTH(D[n]) = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power of two < n,
      // which folds the perfect subtrees from the smallest (rightmost) to the largest.
      let node = frontier[frontier.length - 1] as string;
      for (let i = frontier.length - 2; i >= 0; i--) node = hasher.node(frontier[i] as string, node);
      return node;
    },
    state() {
      return { size, frontier: [...frontier] };
    },
  };
};
