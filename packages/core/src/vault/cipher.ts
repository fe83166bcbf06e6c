import { createCipheriv, createDecipheriv, createHmac, getCiphers, randomBytes, timingSafeEqual } from 'node:crypto';
import { VaultFailure } from './errors';

/**
 * How personal data is sealed: AES-256-GCM (default), or SM4 (国密, GB/T 32907) in CTR mode with
 * an HMAC-SM3 tag (encrypt-then-MAC), where a hall must use national algorithms and Node's OpenSSL
 * has SM4 (OpenSSL 3.0 offers no SM4-GCM, hence the composed construction).
 */
export type VaultAlgorithm = 'aes-256-gcm' | 'sm4-ctr-hmac-sm3';

/** Bytes of a data key: AES-256 key, or SM4 key (16) followed by the HMAC-SM3 key (16). */
export const DATA_KEY_BYTES = 32;

export const algorithmAvailable = (algorithm: VaultAlgorithm): boolean =>
  algorithm === 'aes-256-gcm' ? true : getCiphers().includes('sm4-ctr');

/** `iv ‖ tag ‖ ciphertext`, authenticated together with `aad` (the ref and algorithm: a record moved to another ref fails). */
export const seal = (algorithm: VaultAlgorithm, key: Buffer, plain: Buffer, aad: Buffer): Buffer => {
  if (algorithm === 'aes-256-gcm') {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const tag = createHmac('sm3', key.subarray(16)).update(aad).update(iv).update(body).digest();
  return Buffer.concat([iv, tag, body]);
};

/** Opens what `seal` made; a changed byte anywhere (or another `aad`) throws `tampered`. */
export const open = (algorithm: VaultAlgorithm, key: Buffer, sealed: Buffer, aad: Buffer, ref: string): Buffer => {
  const tampered = () => new VaultFailure({ kind: 'tampered', ref, message: `personal data of ${ref} fails authentication (${algorithm}): it was altered` });
  if (algorithm === 'aes-256-gcm') {
    if (sealed.length < 28) throw tampered();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12)).setAAD(aad);
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    } catch {
      throw tampered();
    }
  }
  if (sealed.length < 48) throw tampered();
  const iv = sealed.subarray(0, 16);
  const body = sealed.subarray(48);
  const expected = createHmac('sm3', key.subarray(16)).update(aad).update(iv).update(body).digest();
  if (!timingSafeEqual(expected, sealed.subarray(16, 48))) throw tampered();
  const decipher = createDecipheriv('sm4-ctr', key.subarray(0, 16), iv);
  return Buffer.concat([decipher.update(body), decipher.final()]);
};
