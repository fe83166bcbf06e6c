import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyAccessLog } from './access-log';
import { algorithmAvailable } from './cipher';
import { createLocalMasterKeys, parseMasterKeyFile } from './keys';
import { createInMemoryVaultBackend } from './memory';
import type { VaultBackend, VaultRecord } from './records';
import { createVault, type VaultOptions } from './vault';

const PERSON = { name: '张三', idNumber: '110101199003077777', phone: '13800138000' };
const CLERK = { actor: { kind: 'staff' as const, id: 's-market' }, caseId: 'c-1', purpose: '受理审查' };
const K1 = randomBytes(32);
const K2 = randomBytes(32);

const harness = (options: Partial<VaultOptions> = {}) => {
  let clock = new Date('2025-03-10T01:30:00Z');
  const backend = createInMemoryVaultBackend();
  const vault = createVault({
    backend,
    keys: createLocalMasterKeys({ keys: { k1: K1 }, current: 'k1' }),
    retention: { default: { years: 3 }, items: { 'ARCH-1': { years: 30 } } },
    now: () => clock,
    ...options,
  });
  return { vault, backend, setClock: (iso: string) => (clock = new Date(iso)) };
};

/** A backend whose stored record can be altered, as a database owner could. */
const alter = async (backend: VaultBackend, ref: string, change: (r: VaultRecord) => Partial<VaultRecord>) => {
  const record = (await backend.get(ref))!;
  await backend.commit({ record: { ...record, ...change(record) }, chain: (p) => ({ ...p!, seq: p!.seq + 1 }) });
};

describe('sealing personal data per applicant', () => {
  it('given data stored for a ref, when it is read, then it comes back and the stored record holds no clear text', async () => {
    const { vault, backend } = harness();
    expect((await vault.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK }))._tag).toBe('Right');
    expect(await vault.read('p-7', CLERK)).toEqual({ _tag: 'Right', right: PERSON });
    const record = (await backend.get('p-7'))!;
    expect(record).toMatchObject({ algorithm: 'aes-256-gcm', fields: ['idNumber', 'name', 'phone'], masterKeyId: 'k1' });
    const stored = Buffer.concat([record.sealed!, record.wrappedKey!]).toString('latin1');
    for (const value of Object.values(PERSON)) expect(stored).not.toContain(Buffer.from(value).toString('latin1'));
  });

  it.runIf(algorithmAvailable('sm4-ctr-hmac-sm3'))('given SM4 chosen, then data round-trips under SM4 with an SM3 tag', async () => {
    const { vault, backend } = harness({ algorithm: 'sm4-ctr-hmac-sm3' });
    await vault.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
    expect((await backend.get('p-7'))!.algorithm).toBe('sm4-ctr-hmac-sm3');
    expect(await vault.read('p-7', CLERK)).toEqual({ _tag: 'Right', right: PERSON });
  });

  it('given retention per service item, then an archived item keeps 30 years and another its default 3, the longest winning', async () => {
    const { vault } = harness();
    expect(await vault.store('p-1', PERSON, { itemCode: 'LIC-1', access: CLERK })).toMatchObject({ right: { retainUntil: '2028-03-10T01:30:00.000Z' } });
    expect(await vault.store('p-2', PERSON, { itemCode: 'ARCH-1', access: CLERK })).toMatchObject({ right: { retainUntil: '2055-03-10T01:30:00.000Z' } });
    expect(await vault.store('p-2', PERSON, { itemCode: 'LIC-1', access: CLERK })).toMatchObject({ right: { itemCode: 'ARCH-1', retainUntil: '2055-03-10T01:30:00.000Z' } });
  });
});

describe('tampering is detected', () => {
  it.each([
    ['a flipped ciphertext byte', (r: VaultRecord) => ({ sealed: Buffer.from(r.sealed!.map((b, i) => (i === r.sealed!.length - 1 ? b ^ 1 : b))) })],
    ['a flipped GCM tag byte', (r: VaultRecord) => ({ sealed: Buffer.from(r.sealed!.map((b, i) => (i === 12 ? b ^ 1 : b))) })],
    ['a wrapped key altered', (r: VaultRecord) => ({ wrappedKey: Buffer.from(r.wrappedKey!.map((b, i) => (i === 30 ? b ^ 1 : b))) })],
  ])('given %s, when read, then a typed tampered error and the failed read is logged', async (_, change) => {
    const { vault, backend } = harness();
    await vault.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
    await alter(backend, 'p-7', change);
    expect(await vault.read('p-7', CLERK)).toMatchObject({ _tag: 'Left', left: { kind: 'tampered', ref: 'p-7' } });
    expect((await vault.accessLog('p-7')).at(-1)).toMatchObject({ action: 'read', outcome: 'tampered' });
  });

  it('given one person’s ciphertext copied onto another ref, then it does not open there', async () => {
    const { vault, backend } = harness();
    await vault.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
    await vault.store('p-8', { name: '李四' }, { itemCode: 'LIC-1', access: CLERK });
    const seven = (await backend.get('p-7'))!;
    await alter(backend, 'p-8', () => ({ sealed: seven.sealed, wrappedKey: seven.wrappedKey }));
    expect(await vault.read('p-8', CLERK)).toMatchObject({ left: { kind: 'tampered' } });
  });
});

describe('key rotation', () => {
  it('given a new current master key, when rotated, then every data key is re-wrapped and the old master key can go', async () => {
    const backend = createInMemoryVaultBackend();
    const options = { backend, retention: { default: { years: 3 } } };
    const before = createVault({ ...options, keys: createLocalMasterKeys({ keys: { k1: K1 }, current: 'k1' }) });
    await before.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
    await before.store('p-8', { name: '李四' }, { itemCode: 'LIC-1', access: CLERK });
    const during = createVault({ ...options, keys: createLocalMasterKeys({ keys: { k1: K1, k2: K2 }, current: 'k2' }) });
    expect(await during.rotateMasterKey({ ...CLERK, purpose: 'master key rotation' })).toBe(2);
    expect(await during.rotateMasterKey({ ...CLERK, purpose: 'master key rotation' })).toBe(0);
    const after = createVault({ ...options, keys: createLocalMasterKeys({ keys: { k2: K2 }, current: 'k2' }) });
    expect(await after.read('p-7', CLERK)).toEqual({ _tag: 'Right', right: PERSON });
    expect((await backend.get('p-8'))!.masterKeyId).toBe('k2');
  });

  it('given a data key rotated, then the ciphertext changes and the data reads the same', async () => {
    const { vault, backend } = harness();
    await vault.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
    const old = (await backend.get('p-7'))!;
    expect((await vault.rotateDataKey('p-7', CLERK))._tag).toBe('Right');
    expect((await backend.get('p-7'))!.sealed!.equals(old.sealed!)).toBe(false);
    expect(await vault.read('p-7', CLERK)).toEqual({ _tag: 'Right', right: PERSON });
  });

  it('given a master key the provider no longer has, then keyUnavailable', async () => {
    const backend = createInMemoryVaultBackend();
    await createVault({ backend, retention: { default: { years: 3 } }, keys: createLocalMasterKeys({ keys: { k1: K1 }, current: 'k1' }) }).store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
    const lost = createVault({ backend, retention: { default: { years: 3 } }, keys: createLocalMasterKeys({ keys: { k2: K2 }, current: 'k2' }) });
    expect(await lost.read('p-7', CLERK)).toMatchObject({ left: { kind: 'keyUnavailable' } });
  });
});

describe('erasure (crypto-shredding, 个人信息保护法 §47)', () => {
  it('given a lawful erasure request, then key and ciphertext are gone, reading is a typed erased error, and the status shows the fields as erased', async () => {
    const { vault, backend } = harness();
    await vault.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
    const dpo = { actor: { kind: 'staff' as const, id: 'dpo' }, purpose: '个人信息删除请求 #17' };
    expect(await vault.erase('p-7', { reason: 'erasureRequest', access: dpo })).toMatchObject({ right: { state: 'erased', erasureReason: 'erasureRequest' } });
    expect(await backend.get('p-7')).toMatchObject({ wrappedKey: null, sealed: null, masterKeyId: null });
    expect(await vault.read('p-7', CLERK)).toEqual({
      _tag: 'Left',
      left: { kind: 'erased', ref: 'p-7', erasedAt: '2025-03-10T01:30:00.000Z', reason: 'erasureRequest', message: expect.stringContaining('erased') },
    });
    expect(await vault.status('p-7')).toEqual({
      ref: 'p-7', state: 'erased', fields: ['idNumber', 'name', 'phone'], itemCode: 'LIC-1', retainUntil: '2028-03-10T01:30:00.000Z',
      erasedAt: '2025-03-10T01:30:00.000Z', erasureReason: 'erasureRequest',
    });
  });

  it('given retention ended for one person and not another, when swept, then only the first is erased', async () => {
    const { vault, setClock } = harness();
    await vault.store('p-short', PERSON, { itemCode: 'LIC-1', access: CLERK });
    await vault.store('p-archive', PERSON, { itemCode: 'ARCH-1', access: CLERK });
    setClock('2028-03-10T01:29:59Z');
    const system = { actor: { kind: 'system' as const, id: 'retention' }, purpose: 'retention sweep' };
    expect(await vault.sweep(system)).toEqual([]);
    setClock('2028-03-10T01:30:00Z');
    expect(await vault.sweep(system)).toEqual(['p-short']);
    expect(await vault.status('p-short')).toMatchObject({ state: 'erased', erasureReason: 'retentionEnded' });
    expect(await vault.read('p-archive', CLERK)).toMatchObject({ _tag: 'Right' });
  });
});

describe('the access log', () => {
  it('given a store, reads (one of an erased ref) and an erasure, then each is a line naming who, when, which case and why, and the chain verifies', async () => {
    const { vault, setClock } = harness();
    await vault.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
    setClock('2025-03-11T02:00:00Z');
    await vault.read('p-7', { actor: { kind: 'staff', id: 's-tax' }, caseId: 'c-1', purpose: '送达' });
    await vault.erase('p-7', { reason: 'erasureRequest', access: { actor: { kind: 'staff', id: 'dpo' }, purpose: '删除请求' } });
    await vault.read('p-7', CLERK);
    await vault.read('p-unknown', CLERK);
    const log = await vault.accessLog();
    expect(log.map(({ seq, at, actor, ref, caseId, purpose, action, outcome }) => ({ seq, at, actor: actor.id, ref, caseId, purpose, action, outcome }))).toEqual([
      { seq: 1, at: '2025-03-10T01:30:00.000Z', actor: 's-market', ref: 'p-7', caseId: 'c-1', purpose: '受理审查', action: 'store', outcome: 'ok' },
      { seq: 2, at: '2025-03-11T02:00:00.000Z', actor: 's-tax', ref: 'p-7', caseId: 'c-1', purpose: '送达', action: 'read', outcome: 'ok' },
      { seq: 3, at: '2025-03-11T02:00:00.000Z', actor: 'dpo', ref: 'p-7', caseId: undefined, purpose: '删除请求', action: 'erase', outcome: 'ok' },
      { seq: 4, at: '2025-03-11T02:00:00.000Z', actor: 's-market', ref: 'p-7', caseId: 'c-1', purpose: '受理审查', action: 'read', outcome: 'erased' },
      { seq: 5, at: '2025-03-11T02:00:00.000Z', actor: 's-market', ref: 'p-unknown', caseId: 'c-1', purpose: '受理审查', action: 'read', outcome: 'notFound' },
    ]);
    expect(verifyAccessLog(log)).toEqual({ intact: true, entries: 5 });
    expect(JSON.stringify(log)).not.toContain(PERSON.idNumber);
  });

  it('given a line altered or removed, then verification names it', async () => {
    const { vault } = harness();
    await vault.store('p-7', PERSON, { itemCode: 'LIC-1', access: CLERK });
    await vault.read('p-7', CLERK);
    await vault.read('p-7', CLERK);
    const log = await vault.accessLog();
    expect(verifyAccessLog([log[0]!, { ...log[1]!, purpose: '好奇' }, log[2]!])).toMatchObject({ intact: false, seq: 2, reason: expect.stringContaining('altered') });
    expect(verifyAccessLog([log[0]!, log[2]!])).toMatchObject({ intact: false, seq: 2, reason: expect.stringContaining('missing') });
  });
});

describe('master-key files', () => {
  it('given a file of keys with ids, then the last is current; a bare hex line is key "local"; a bad line is named', () => {
    const text = `# keys\nk1 ${K1.toString('hex')}\n\nk2 ${K2.toString('hex')}\n`;
    expect(parseMasterKeyFile(text)).toEqual({ keys: { k1: K1.toString('hex'), k2: K2.toString('hex') }, current: 'k2' });
    expect(parseMasterKeyFile(K1.toString('hex'))).toEqual({ keys: { local: K1.toString('hex') }, current: 'local' });
    expect(() => parseMasterKeyFile('k1 abc')).toThrow(/line 1/);
    expect(() => parseMasterKeyFile('# nothing\n')).toThrow(/no key/);
  });
});
