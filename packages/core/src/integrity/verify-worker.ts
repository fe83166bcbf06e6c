import { parentPort } from 'node:worker_threads';
import type { HashAlgorithm } from './hash';
import { createMerkleTree, type MerkleTree, type MerkleTreeState } from './merkle-tree';
import { digestHex } from './one-shot';

/**
 * The worker side of a parallel verify: chain hashes and the Merkle tree. Messages come in order:
 * `start` (the tree so far, the checkpoint sizes to report), `batch`es, `end`.
 */
export type ToWorker =
  | { kind: 'start'; algorithm: HashAlgorithm; tree: MerkleTreeState; checkpointSizes: number[] }
  | { kind: 'batch'; texts: string[]; hashes: string[] }
  | { kind: 'end' };

export type FromWorker =
  | { kind: 'ready' }
  /** `altered`: indexes in the batch of the records whose hash fails; every record joins the tree (the log as stored). */
  | { kind: 'batch'; altered: number[]; roots: { size: number; root: string }[] }
  | { kind: 'end'; tree: MerkleTreeState };

const port = parentPort;
if (port) {
  let algorithm: HashAlgorithm = 'sha256';
  let tree: MerkleTree = createMerkleTree();
  let sizes = new Set<number>();
  const reply = (message: FromWorker) => port.postMessage(message);
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'start') {
      algorithm = message.algorithm;
      tree = createMerkleTree(algorithm, message.tree);
      sizes = new Set(message.checkpointSizes);
      return;
    }
    if (message.kind === 'end') return reply({ kind: 'end', tree: tree.state() });
    const roots: { size: number; root: string }[] = [];
    const altered: number[] = [];
    const { texts, hashes } = message;
    for (let i = 0; i < texts.length; i++) {
      const hash = hashes[i] as string;
      if (digestHex(algorithm, texts[i] as string) !== hash) altered.push(i);
      tree.append(hash);
      if (sizes.has(tree.size)) roots.push({ size: tree.size, root: tree.root() });
    }
    reply({ kind: 'batch', altered, roots });
  });
  reply({ kind: 'ready' });
}
