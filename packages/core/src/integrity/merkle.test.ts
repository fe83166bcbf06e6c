import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HashAlgorithm } from './hash';
import { consistencyProof, inclusionProof, MerkleProofError, merkleRoot, verifyConsistency, verifyInclusion } from './merkle-proof';
import { createMerkleSpan, createMerkleTree } from './merkle-tree';

// A naive recomputation straight from the RFC 6962 §2.1 text, sharing no code with the implementation.
const h = (algorithm: HashAlgorithm, ...parts: Buffer[]) => createHash(algorithm).update(Buffer.concat(parts)).digest();
const largestPowerBelow = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
const naiveMth = (alg: HashAlgorithm, d: string[]): Buffer => {
  if (d.length === 0) return h(alg);
  if (d.length === 1) return h(alg, Buffer.from([0]), Buffer.from(d[0] as string, 'hex'));
  const k = largestPowerBelow(d.length);
  return h(alg, Buffer.from([1]), naiveMth(alg, d.slice(0, k)), naiveMth(alg, d.slice(k)));
};
const naivePath = (alg: HashAlgorithm, m: number, d: string[]): Buffer[] => {
  if (d.length === 1) return [];
  const k = largestPowerBelow(d.length);
  return m < k ? [...naivePath(alg, m, d.slice(0, k)), naiveMth(alg, d.slice(k))] : [...naivePath(alg, m - k, d.slice(k)), naiveMth(alg, d.slice(0, k))];
};
const naiveSubproof = (alg: HashAlgorithm, m: number, d: string[], b: boolean): Buffer[] => {
  if (m === d.length) return b ? [] : [naiveMth(alg, d)];
  const k = largestPowerBelow(d.length);
  return m <= k
    ? [...naiveSubproof(alg, m, d.slice(0, k), b), naiveMth(alg, d.slice(k))]
    : [...naiveSubproof(alg, m - k, d.slice(k), false), naiveMth(alg, d.slice(0, k))];
};
const hex = (bs: Buffer[]) => bs.map((b) => b.toString('hex'));

const eventHash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const algorithm = fc.constantFrom<HashAlgorithm>('sha256', 'sm3');
const flipNibble = (s: string, at: number) => s.slice(0, at) + (s[at] === '0' ? '1' : '0') + s.slice(at + 1);

describe('Merkle tree (RFC 6962 §2.1)', () => {
  it('given leaves appended one by one, when the root is taken at every size, then it equals the naive MTH', () => {
    fc.assert(
      fc.property(algorithm, fc.array(eventHash, { maxLength: 70 }), (alg, leaves) => {
        const tree = createMerkleTree(alg);
        expect(tree.root()).toBe(naiveMth(alg, []).toString('hex'));
        leaves.forEach((leaf, i) => {
          tree.append(leaf);
          expect(tree.size).toBe(i + 1);
          expect(tree.root()).toBe(naiveMth(alg, leaves.slice(0, i + 1)).toString('hex'));
        });
        expect(merkleRoot(alg, leaves)).toBe(tree.root());
      }),
    );
  });

  it('given a tree carried on from its state elsewhere, when leaves are added, then its roots are those of the original', () => {
    fc.assert(
      fc.property(fc.array(eventHash, { maxLength: 40 }).chain((ls) => fc.tuple(fc.constant(ls), fc.nat(ls.length))), ([leaves, at]) => {
        const tree = createMerkleTree('sha256');
        leaves.slice(0, at).forEach((l) => tree.append(l));
        const carried = createMerkleTree('sha256', structuredClone(tree.state()));
        leaves.slice(at).forEach((l) => {
          tree.append(l);
          carried.append(l);
          expect(carried.root()).toBe(tree.root());
        });
        expect(carried.size).toBe(leaves.length);
      }),
    );
  });

  it('given the log cut anywhere into spans built apart, when their subtrees are appended in order, then every root is the naive MTH', () => {
    const cuts = fc.array(eventHash, { maxLength: 70 }).chain((ls) => fc.tuple(fc.constant(ls), fc.uniqueArray(fc.nat(ls.length), { maxLength: 5 })));
    fc.assert(
      fc.property(algorithm, cuts, (alg, [leaves, at]) => {
        const bounds = [0, ...[...at].sort((a, b) => a - b), leaves.length];
        const tree = createMerkleTree(alg);
        for (let i = 0; i + 1 < bounds.length; i++) {
          const span = createMerkleSpan(alg, bounds[i] as number);
          for (const leaf of leaves.slice(bounds[i], bounds[i + 1])) {
            span.append(leaf);
            // The tree so far plus the span so far: the root at every size inside the span.
            const upTo = createMerkleTree(alg, tree.state());
            for (const { height, root } of span.subtrees()) upTo.appendSubtree(height, root);
            expect(upTo.root()).toBe(naiveMth(alg, leaves.slice(0, upTo.size)).toString('hex'));
          }
          expect(span.count).toBe((bounds[i + 1] as number) - (bounds[i] as number));
          for (const { height, root } of span.subtrees()) tree.appendSubtree(height, root);
        }
        expect(tree.size).toBe(leaves.length);
      }),
    );
  });

  it('given a subtree not aligned on the tree size, when appended, then it is refused', () => {
    const tree = createMerkleTree('sha256');
    tree.append('ab'.repeat(32));
    expect(() => tree.appendSubtree(1, 'cd'.repeat(32))).toThrow(/a subtree of 2 leaves cannot start at leaf 1/);
  });

  it('given a tree, when an inclusion proof is made for any leaf, then it is the RFC path and verifies against the root', () => {
    fc.assert(
      fc.property(
        algorithm,
        fc.array(eventHash, { minLength: 1, maxLength: 70 }).chain((leaves) =>
          fc.tuple(fc.constant(leaves), fc.integer({ min: 1, max: leaves.length })).chain(([ls, size]) => fc.tuple(fc.constant(ls), fc.constant(size), fc.nat(size - 1))),
        ),
        (alg, [leaves, size, index]) => {
          const proof = inclusionProof(alg, leaves, index, size);
          expect(proof).toEqual(hex(naivePath(alg, index, leaves.slice(0, size))));
          const root = merkleRoot(alg, leaves, size);
          expect(verifyInclusion(alg, leaves[index] as string, index, size, proof, root)).toBe(true);
        },
      ),
    );
  });

  it('given a valid inclusion proof, when the leaf, a proof node, the root or the index is changed, then it no longer verifies', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(eventHash, { minLength: 2, maxLength: 70 }).chain((leaves) => fc.tuple(fc.constant(leaves), fc.nat(leaves.length - 1), fc.nat(63))),
        ([leaves, index, nibble]) => {
          const proof = inclusionProof('sha256', leaves, index);
          const root = merkleRoot('sha256', leaves);
          const leaf = leaves[index] as string;
          expect(verifyInclusion('sha256', flipNibble(leaf, nibble), index, leaves.length, proof, root)).toBe(false);
          expect(verifyInclusion('sha256', leaf, index, leaves.length, proof, flipNibble(root, nibble))).toBe(false);
          proof.forEach((_, i) => {
            const bad = proof.map((p, j) => (j === i ? flipNibble(p, nibble) : p));
            expect(verifyInclusion('sha256', leaf, index, leaves.length, bad, root)).toBe(false);
          });
          expect(verifyInclusion('sha256', leaf, (index + 1) % leaves.length, leaves.length, proof, root)).toBe(false);
          expect(verifyInclusion('sha256', leaf, index, index, proof, root)).toBe(false);
        },
      ),
    );
  });

  it('given two sizes of one log, when a consistency proof is made, then it is the RFC proof and verifies between the two roots', () => {
    fc.assert(
      fc.property(
        algorithm,
        fc.array(eventHash, { minLength: 1, maxLength: 70 }).chain((leaves) =>
          fc.tuple(fc.constant(leaves), fc.integer({ min: 1, max: leaves.length })).chain(([ls, n]) => fc.tuple(fc.constant(ls), fc.integer({ min: 1, max: n }), fc.constant(n))),
        ),
        (alg, [leaves, m, n]) => {
          const proof = consistencyProof(alg, leaves, m, n);
          expect(proof).toEqual(m === n ? [] : hex(naiveSubproof(alg, m, leaves.slice(0, n), true)));
          expect(verifyConsistency(alg, m, n, merkleRoot(alg, leaves, m), merkleRoot(alg, leaves, n), proof)).toBe(true);
        },
      ),
    );
  });

  it('given a valid consistency proof, when a root or a proof node is changed or the old log is rewritten, then it no longer verifies', () => {
    fc.assert(
      fc.property(
        fc.array(eventHash, { minLength: 2, maxLength: 70 }).chain((leaves) =>
          fc.tuple(fc.constant(leaves), fc.integer({ min: 1, max: leaves.length - 1 }), fc.nat(63)),
        ),
        ([leaves, m, nibble]) => {
          const n = leaves.length;
          const proof = consistencyProof('sha256', leaves, m, n);
          const oldRoot = merkleRoot('sha256', leaves, m);
          const newRoot = merkleRoot('sha256', leaves, n);
          expect(verifyConsistency('sha256', m, n, flipNibble(oldRoot, nibble), newRoot, proof)).toBe(false);
          expect(verifyConsistency('sha256', m, n, oldRoot, flipNibble(newRoot, nibble), proof)).toBe(false);
          proof.forEach((_, i) => {
            const bad = proof.map((p, j) => (j === i ? flipNibble(p, nibble) : p));
            expect(verifyConsistency('sha256', m, n, oldRoot, newRoot, bad)).toBe(false);
          });
          // A log whose first event was rewritten after the old checkpoint is not an extension of it.
          const rewritten = [flipNibble(leaves[0] as string, nibble), ...leaves.slice(1)];
          const rewrittenProof = consistencyProof('sha256', rewritten, m, n);
          expect(verifyConsistency('sha256', m, n, oldRoot, merkleRoot('sha256', rewritten, n), rewrittenProof)).toBe(false);
        },
      ),
    );
  });

  it('given an empty old tree, when consistency is checked, then only the empty root with an empty proof is accepted', () => {
    const leaves = ['ab'.repeat(32), 'cd'.repeat(32)];
    const empty = merkleRoot('sha256', []);
    expect(consistencyProof('sha256', leaves, 0)).toEqual([]);
    expect(verifyConsistency('sha256', 0, 2, empty, merkleRoot('sha256', leaves), [])).toBe(true);
    expect(verifyConsistency('sha256', 0, 2, merkleRoot('sha256', leaves, 1), merkleRoot('sha256', leaves), [])).toBe(false);
  });

  it('given sizes or an index outside the log, when a proof is asked for, then a MerkleProofError names the bound', () => {
    const leaves = ['ab'.repeat(32), 'cd'.repeat(32)];
    expect(() => inclusionProof('sha256', leaves, 2)).toThrow(MerkleProofError);
    expect(() => inclusionProof('sha256', leaves, 0, 3)).toThrow(/tree size 3 is outside 0…2/);
    expect(() => consistencyProof('sha256', leaves, 3, 2)).toThrow(/old size 3 is outside 0…2/);
    expect(verifyInclusion('sha256', leaves[0] as string, 2, 2, [], merkleRoot('sha256', leaves))).toBe(false);
  });
});
