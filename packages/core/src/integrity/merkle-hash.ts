import type { HashAlgorithm } from './hash';
import { digestBytes, digestBufferHex } from './one-shot';

/**
 * RFC 6962 §2.1 hashing with domain separation: a leaf is `H(0x00 ‖ d)`, an inner node
 * `H(0x01 ‖ left ‖ right)`, the empty tree `H()`. The leaf data `d` is the 32 bytes of an event's
 * chain hash, so the tree commits to every event (and, through the chain, to its content).
 * Node values travel as hex strings: writing hex into a reused buffer and reading a hex digest is
 * cheaper than allocating a Buffer per hash (verify takes about two of these per event).
 */

/** Hash of the empty tree: `H()` (RFC 6962 §2.1), hex. */
export const emptyTreeHash = (algorithm: HashAlgorithm): string => digestBytes(algorithm, new Uint8Array(0)).toString('hex');

export interface MerkleHasher {
  readonly algorithm: HashAlgorithm;
  /** `H(0x00 ‖ bytes of the hex event hash)`, hex. */
  leaf(eventHashHex: string): string;
  /** `H(0x01 ‖ left ‖ right)` over two hex node hashes, hex. */
  node(leftHex: string, rightHex: string): string;
}

const isHex32 = (s: string): boolean => s.length === 64 && /^[0-9a-fA-F]{64}$/.test(s);

export const createMerkleHasher = (algorithm: HashAlgorithm): MerkleHasher => {
  const leafInput = Buffer.alloc(33);
  const nodeInput = Buffer.alloc(65);
  leafInput[0] = 0x00;
  nodeInput[0] = 0x01;
  return {
    algorithm,
    leaf(eventHashHex) {
      // Buffer#write stops at the first non-hex digit: anything but 64 hex digits takes the slow, exact path.
      if (eventHashHex.length !== 64 || leafInput.write(eventHashHex, 1, 'hex') !== 32) {
        return digestBufferHex(algorithm, Buffer.concat([leafInput.subarray(0, 1), Buffer.from(eventHashHex, isHex32(eventHashHex) ? 'hex' : 'utf8')]));
      }
      return digestBufferHex(algorithm, leafInput);
    },
    node(leftHex, rightHex) {
      nodeInput.write(leftHex, 1, 'hex');
      nodeInput.write(rightHex, 33, 'hex');
      return digestBufferHex(algorithm, nodeInput);
    },
  };
};

/** The largest power of two strictly less than `n` (n ≥ 2): where RFC 6962 §2.1 splits a tree. */
export const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
