import { generateKeyPairSync } from 'node:crypto';
import { createCheckpointSigner, verifyCheckpoint, type CheckpointStore } from '@banjian/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** A fresh, empty checkpoint store and how to dispose of it. */
export type MakeCheckpointStore = () => Promise<{ checkpoints: CheckpointStore; cleanup: () => Promise<void> }>;

const root = (digit: string) => digit.repeat(64);

/** What every `CheckpointStore` promises (spec §6): checkpoints kept as signed, listed by size, bad ones refused. */
export const describeCheckpointStoreContract = (name: string, make: MakeCheckpointStore): void => {
  describe(`CheckpointStore contract: ${name}`, () => {
    let current: Awaited<ReturnType<MakeCheckpointStore>> | undefined;
    beforeEach(async () => {
      current = await make();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });
    const checkpoints = () => (current as NonNullable<typeof current>).checkpoints;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = createCheckpointSigner({ privateKey, now: () => '2025-03-04T18:00:00+08:00' });

    it('given checkpoints saved out of order, when listed, then they come by size, ties in the order saved, signatures intact', async () => {
      const big = signer.sign({ size: 20, root: root('b') });
      const small = signer.sign({ size: 5, root: root('a') });
      const tieFirst = signer.sign({ size: 20, root: root('c') });
      for (const c of [big, small, tieFirst]) await checkpoints().save(c);
      const listed = await checkpoints().list();
      expect(listed).toEqual([small, big, tieFirst]);
      expect(listed.every((c) => verifyCheckpoint(c, publicKey).valid)).toBe(true);
    });

    it('given a checkpoint of the wrong shape, when saved, then InvalidCheckpointError names the field and nothing is saved', async () => {
      await checkpoints().save(signer.sign({ size: 1, root: root('d') }));
      const bad = { ...signer.sign({ size: 2, root: root('e') }), root: 'not-hex' };
      await expect(checkpoints().save(bad)).rejects.toMatchObject({ kind: 'invalidCheckpoint', field: 'root' });
      expect(await checkpoints().list()).toHaveLength(1);
    });
  });
};
