import type { HashAlgorithm } from './hash';
import { digestBytes } from './one-shot';

/**
 * RFC 6962 §2.1 hashing with domain separation: a leaf is `H(0x00 ‖ d)`, an inner node
 * `H(0x01 ‖ left ‖ right)`, the empty tree `H()`. The leaf data `d` is the 32 bytes of an event's
 * chain hash, so the tree commits to every event (and, through the chain, to its content).
 */

/** Hash of the empty tree: `H()` (RFC 6962 §2.1). */
export const emptyTreeHash = (algorithm: HashAlgorithm): Buffer => digestBytes(algorithm, new Uint8Array(0));

/** A small hasher that reuses its input buffers: verify computes two of these per event. */
export interface MerkleHasher {
  readonly algorithm: HashAlgorithm;
  /** `H(0x00 ‖ bytes of the hex event hash)`. */
  leaf(eventHashHex: string): Buffer;
  /** `H(0x01 ‖ left ‖ right)`. */
  node(left: Uint8Array, right: Uint8Array): Buffer;
}

export const createMerkleHasher = (algorithm: HashAlgorithm): MerkleHasher => {
  const leafInput = Buffer.alloc(33);
  const nodeInput = Buffer.alloc(65);
  leafInput[0] = 0x00;
  nodeInput[0] = 0x01;
  return {
    algorithm,
    leaf(eventHashHex) {
      if (eventHashHex.length !== 64) return digestBytes(algorithm, Buffer.concat([leafInput.subarray(0, 1), Buffer.from(eventHashHex, 'hex')]));
      leafInput.write(eventHashHex, 1, 'hex');
      return digestBytes(algorithm, leafInput);
    },
    node(left, right) {
      if (left.length !== 32 || right.length !== 32) return digestBytes(algorithm, Buffer.concat([nodeInput.subarray(0, 1), left, right]));
      nodeInput.set(left, 1);
      nodeInput.set(right, 33);
      return digestBytes(algorithm, nodeInput);
    },
  };
};

/** The largest power of two strictly less than `n` (n ≥ 2): where RFC 6962 §2.1 splits a tree. */
export const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
