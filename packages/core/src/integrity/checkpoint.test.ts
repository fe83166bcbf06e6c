import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeft, isRight } from 'fp-ts/lib/Either';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCheckpointSigner, parseCheckpoints, verifyCheckpoint } from './checkpoint';
import { createInMemoryCheckpointStore, InvalidCheckpointError } from './checkpoint-store';
import { merkleRoot } from './merkle-proof';
import { keyIdOf, loadPrivateKey, publicKeyFromEnv, SigningKeyError, signingKeyFromEnv } from './signing-key';

const pemPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const root = merkleRoot('sha256', ['11'.repeat(32), '22'.repeat(32), '33'.repeat(32)]);
const at = '2025-03-04T09:15:00+08:00';

describe('signed checkpoints', () => {
  it('given a signer, when a tree head is signed, then the checkpoint carries size, root, time, algorithm, key id and verifies', () => {
    const { privatePem, publicPem } = pemPair();
    const signer = createCheckpointSigner({ privateKey: privatePem, now: () => at });
    const checkpoint = signer.sign({ size: 3, root });
    expect(checkpoint).toMatchObject({ size: 3, root, time: at, algorithm: 'sha256', keyId: signer.keyId });
    expect(signer.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(verifyCheckpoint(checkpoint, publicPem)).toEqual({ valid: true });
  });

  it('given a signed checkpoint, when any byte of the signature is flipped, then it is rejected', () => {
    const { privatePem, publicPem } = pemPair();
    const checkpoint = createCheckpointSigner({ privateKey: privatePem }).sign({ size: 3, root, time: at });
    const signature = Buffer.from(checkpoint.signature, 'base64');
    for (let i = 0; i < signature.length; i++) {
      const flipped = Buffer.from(signature);
      flipped[i] = (flipped[i] as number) ^ 0x01;
      const verdict = verifyCheckpoint({ ...checkpoint, signature: flipped.toString('base64') }, publicPem);
      expect(verdict.valid).toBe(false);
    }
  });

  it('given a signed checkpoint, when its size, root, time or algorithm is changed, then the signature fails', () => {
    const { privatePem, publicPem } = pemPair();
    const checkpoint = createCheckpointSigner({ privateKey: privatePem }).sign({ size: 3, root, time: at });
    const changed = [
      { ...checkpoint, size: 4 },
      { ...checkpoint, root: merkleRoot('sha256', ['11'.repeat(32)]) },
      { ...checkpoint, time: '2025-03-04T09:15:01+08:00' },
      { ...checkpoint, algorithm: 'sm3' as const },
      { ...checkpoint, keyId: 'someone-else' },
    ];
    for (const c of changed) expect(verifyCheckpoint(c, publicPem)).toMatchObject({ valid: false, reason: expect.stringMatching(/does not verify/) });
  });

  it('given a checkpoint signed by another key, when verified, then it is rejected naming the key used', () => {
    const ours = pemPair();
    const theirs = pemPair();
    const checkpoint = createCheckpointSigner({ privateKey: theirs.privatePem }).sign({ size: 3, root, time: at });
    const verdict = verifyCheckpoint(checkpoint, ours.publicPem);
    expect(verdict).toEqual({ valid: false, reason: `signature does not verify under key ${keyIdOf(loadPrivateKey(ours.privatePem))}` });
  });

  it('given a signature that is not 64 base64 bytes, when verified, then the reason says so', () => {
    const { privatePem, publicPem } = pemPair();
    const checkpoint = createCheckpointSigner({ privateKey: privatePem }).sign({ size: 3, root, time: at });
    expect(verifyCheckpoint({ ...checkpoint, signature: 'AAAA' }, publicPem)).toEqual({ valid: false, reason: 'signature is not a base64 Ed25519 signature (64 bytes)' });
  });
});

describe('checkpoint keys from configuration', () => {
  it('given BANJIAN_SIGNING_KEY as PEM text or a path, when keys are read, then both the private and the derived public key load', () => {
    const { privatePem, publicPem } = pemPair();
    const dir = mkdtempSync(join(tmpdir(), 'banjian-keys-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'signing.pem');
    writeFileSync(path, privatePem);
    const fromText = signingKeyFromEnv({ BANJIAN_SIGNING_KEY: privatePem });
    const fromPath = signingKeyFromEnv({ BANJIAN_SIGNING_KEY: path });
    expect(fromText && keyIdOf(fromText)).toBe(fromPath && keyIdOf(fromPath));
    const publicKey = publicKeyFromEnv({ BANJIAN_SIGNING_KEY: path });
    const explicit = publicKeyFromEnv({ BANJIAN_PUBLIC_KEY: publicPem, BANJIAN_SIGNING_KEY: path });
    expect(publicKey?.type).toBe('public');
    expect(publicKey && keyIdOf(publicKey)).toBe(explicit && keyIdOf(explicit));
    expect(signingKeyFromEnv({})).toBeUndefined();
  });

  it('given a missing file or a non-Ed25519 key, when loaded, then a SigningKeyError names the source', () => {
    expect(() => signingKeyFromEnv({ BANJIAN_SIGNING_KEY: '/nonexistent/key.pem' })).toThrow(/private key: cannot read "\/nonexistent\/key.pem" \(ENOENT\)/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadPrivateKey(rsa)).toThrow(SigningKeyError);
    expect(() => loadPrivateKey(rsa)).toThrow(/is a rsa key, checkpoints are signed with Ed25519/);
  });
});

describe('checkpoint store and files', () => {
  it('given checkpoints saved out of order, when listed, then they come by size and are copies', async () => {
    const { privatePem } = pemPair();
    const signer = createCheckpointSigner({ privateKey: privatePem, now: () => at });
    const store = createInMemoryCheckpointStore();
    await store.save(signer.sign({ size: 3, root }));
    await store.save(signer.sign({ size: 1, root: merkleRoot('sha256', ['11'.repeat(32)]) }));
    const listed = await store.list();
    expect(listed.map((c) => c.size)).toEqual([1, 3]);
    (listed[0] as { size: number }).size = 99;
    expect((await store.list()).map((c) => c.size)).toEqual([1, 3]);
  });

  it('given a malformed checkpoint, when saved, then it is refused naming the field and nothing is kept', async () => {
    const store = createInMemoryCheckpointStore();
    await expect(store.save({ size: -1, root, time: at, algorithm: 'sha256', signature: 'x' })).rejects.toThrow(InvalidCheckpointError);
    await expect(store.save({ size: 1, root, time: at, algorithm: 'sha256', signature: 'x', colour: 'red' } as never)).rejects.toThrow(/colour: unknown field/);
    expect(await store.list()).toEqual([]);
  });

  it('given a checkpoints file as a JSON array or as NDJSON, when parsed, then both give the checkpoints; a bad entry is named', () => {
    const { privatePem } = pemPair();
    const signer = createCheckpointSigner({ privateKey: privatePem, now: () => at });
    const a = signer.sign({ size: 3, root });
    const fromArray = parseCheckpoints(JSON.stringify([a]));
    const fromLines = parseCheckpoints(`${JSON.stringify(a)}\n\n`);
    expect(isRight(fromArray) && fromArray.right).toEqual([a]);
    expect(isRight(fromLines) && fromLines.right).toEqual([a]);
    const bad = parseCheckpoints(`${JSON.stringify(a)}\n${JSON.stringify({ ...a, root: 'xyz' })}`);
    expect(isLeft(bad) && bad.left).toMatchObject({ entry: 2, field: 'root' });
    const broken = parseCheckpoints('{"size":');
    expect(isLeft(broken) && broken.left.reason).toMatch(/^malformed JSON/);
  });
});
