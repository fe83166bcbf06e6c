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
  /**
   * Append the 2^height leaves under a perfect subtree, given its root (hex): the tree is as if they
   * had been appended one by one. The size must be a multiple of 2^height (the subtree is aligned).
   */
  appendSubtree(height: number, rootHex: string): void;
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
  const appendSubtree = (height: number, rootHex: string): void => {
    const leaves = 2 ** height;
    if (size % leaves !== 0) throw new RangeError(`a subtree of ${leaves} leaves cannot start at leaf ${size}`);
    let node = rootHex;
    // Each trailing 1 bit of the old size, counted in subtrees of this height, is a perfect subtree
    // as high as the node: merge.
    for (let n = size / leaves; n % 2 === 1; n = (n - 1) / 2) node = hasher.node(frontier.pop() as string, node);
    frontier.push(node);
    size += leaves;
  };
  return {
    algorithm,
    get size() {
      return size;
    },
    append(eventHash) {
      appendSubtree(0, hasher.leaf(eventHash));
    },
    appendSubtree,
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

/** A perfect subtree of the global tree: its height (2^height leaves) and root, hex. */
export interface MerkleSubtree {
  height: number;
  root: string;
}

/**
 * The leaves from `start` on, as the perfect subtrees of the global tree they fill (RFC 6962 splits
 * at powers of two, so these are aligned: a subtree of 2^h leaves starts at a multiple of 2^h).
 * Appended in order to a tree of size `start` (`appendSubtree`), they make the tree of
 * `start + count` leaves — how a range of the log verified elsewhere joins the tree.
 */
export interface MerkleSpan {
  readonly start: number;
  readonly count: number;
  append(eventHash: string): void;
  /** The subtrees so far, left to right. */
  subtrees(): MerkleSubtree[];
}

export const createMerkleSpan = (algorithm: HashAlgorithm, start: number): MerkleSpan => {
  const hasher = createMerkleHasher(algorithm);
  const roots: string[] = [];
  const heights: number[] = [];
  let count = 0;
  return {
    start,
    get count() {
      return count;
    },
    append(eventHash) {
      let node = hasher.leaf(eventHash);
      let height = 0;
      // A node is a right child when its index at its height is odd; its left sibling is the last
      // subtree if that is as high (else the sibling begins before the span and stays apart).
      for (let index = start + count; index % 2 === 1 && heights[heights.length - 1] === height; index = (index - 1) / 2) {
        node = hasher.node(roots.pop() as string, node);
        heights.pop();
        height += 1;
      }
      roots.push(node);
      heights.push(height);
      count += 1;
    },
    subtrees() {
      return roots.map((root, i) => ({ height: heights[i] as number, root }));
    },
  };
};
