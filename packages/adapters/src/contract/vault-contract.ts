import { randomBytes } from 'node:crypto';
import { createLocalMasterKeys, createVault, verifyAccessLog, type VaultBackend } from '@banjian/core';
import { afterEach, describe, expect, it } from 'vitest';

/** A backend under test: opened (again) on the same storage, with the owner's raw powers over it. */
export interface VaultBackendUnderTest {
  open(): Promise<VaultBackend>;
  /** Flips a byte of the stored ciphertext of `ref`, as someone with the database could. */
  tamperCiphertext(ref: string): Promise<void>;
  /** Tries to rewrite and delete access-log rows directly; resolves with how each went. */
  rewriteAccessLog(): Promise<{ update: 'refused' | 'done'; remove: 'refused' | 'done' }>;
  cleanup(): Promise<void>;
}

const PERSON = { name: '王五', idNumber: '440101198001011234', phone: '13900139000' };
const CLERK = { actor: { kind: 'staff' as const, id: 's-market' }, caseId: 'c-1', purpose: '受理审查' };
const MASTER = randomBytes(32);

/** What every vault backend must do, run against the memory, SQLite and PostgreSQL ones alike. */
export const describeVaultBackendContract = (name: string, make: () => Promise<VaultBackendUnderTest>) => {
  describe(`vault backend contract: ${name}`, () => {
    const open: VaultBackendUnderTest[] = [];
    const start = async () => {
      const under = await make();
      open.push(under);
      const backends: VaultBackend[] = [];
      const vault = async () => {
        const backend = await under.open();
        backends.push(backend);
        return createVault({ backend, keys: createLocalMasterKeys({ keys: { k1: MASTER }, current: 'k1' }), retention: { default: { years: 3 } } });
      };
      return { under, vault, closeAll: () => Promise.all(backends.map((b) => b.close())) };
    };
    afterEach(async () => {
      for (const under of open.splice(0)) await under.cleanup();
    });

    it('given data stored and the backend opened again, then it reads back the same', async () => {
      const { vault, closeAll } = await start();
      const first = await vault();
      await first.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
      await first.close();
      expect(await (await vault()).read('p-7', CLERK)).toEqual({ _tag: 'Right', right: PERSON });
      await closeAll();
    });

    it('given an erasure, then the stored record keeps neither key nor ciphertext and reading is erased', async () => {
      const { vault, closeAll } = await start();
      const v = await vault();
      await v.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
      await v.erase('p-7', { reason: 'erasureRequest', access: { actor: { kind: 'staff', id: 'dpo' }, purpose: '删除请求' } });
      const again = await vault();
      expect(await again.status('p-7')).toMatchObject({ state: 'erased', fields: ['idNumber', 'name', 'phone'] });
      expect(await again.read('p-7', CLERK)).toMatchObject({ left: { kind: 'erased' } });
      await closeAll();
    });

    it('given ciphertext altered at rest, then the read is a typed tampered error', async () => {
      const { under, vault, closeAll } = await start();
      const v = await vault();
      await v.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
      await under.tamperCiphertext('p-7');
      expect(await v.read('p-7', CLERK)).toMatchObject({ left: { kind: 'tampered', ref: 'p-7' } });
      await closeAll();
    });

    it('given the access log, then rows cannot be rewritten or deleted, and concurrent reads chain in one order', async () => {
      const { under, vault, closeAll } = await start();
      const v = await vault();
      await v.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
      const w = await vault();
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? v : w).read('p-7', { ...CLERK, purpose: `read ${i}` })));
      const log = await v.accessLog();
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
      expect(verifyAccessLog(log)).toEqual({ intact: true, entries: 11 });
      expect((await v.accessLog('p-7')).length).toBe(11);
      expect(await under.rewriteAccessLog()).toEqual({ update: 'refused', remove: 'refused' });
      await closeAll();
    });

    it('given retention and master keys, then held refs are listed by end of retention and by wrapping key', async () => {
      const { under, vault, closeAll } = await start();
      const v = await vault();
      await v.store('p-a', PERSON, { itemCode: 'LIC-1', access: CLERK });
      await v.store('p-b', PERSON, { itemCode: 'LIC-1', access: CLERK });
      await v.erase('p-b', { reason: 'erasureRequest', access: CLERK });
      const backend = await under.open();
      expect(await backend.heldRefs({})).toEqual(['p-a']);
      expect(await backend.heldRefs({ retainUntilBefore: '2000-01-01T00:00:00.000Z' })).toEqual([]);
      expect(await backend.heldRefs({ retainUntilBefore: '9999-01-01T00:00:00.000Z' })).toEqual(['p-a']);
      expect(await backend.heldRefs({ masterKeyIdNot: 'k1' })).toEqual([]);
      expect(await backend.heldRefs({ masterKeyIdNot: 'k0' })).toEqual(['p-a']);
      await backend.close();
      await closeAll();
    });
  });
};
