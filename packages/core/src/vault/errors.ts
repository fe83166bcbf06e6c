/**
 * Why personal data could not be read or changed:
 * - `erased`: the person's key was destroyed (retention ended or a lawful erasure, 个人信息保护法 §47);
 * - `notFound`: nothing was ever stored for the ref;
 * - `tampered`: the ciphertext or its wrapped key fails authentication (GCM tag / HMAC);
 * - `keyUnavailable`: the master key that wrapped the data key is not in the key provider;
 * - `unsupportedAlgorithm`: SM4 was chosen and this Node's OpenSSL does not offer it.
 */
export type VaultErrorKind = 'erased' | 'notFound' | 'tampered' | 'keyUnavailable' | 'unsupportedAlgorithm';

export interface VaultError {
  readonly kind: VaultErrorKind;
  readonly ref: string;
  readonly message: string;
  /** On `erased`: when and why. */
  readonly erasedAt?: string;
  readonly reason?: string;
}

export const vaultError = (kind: VaultErrorKind, ref: string, message: string, extra: { erasedAt?: string; reason?: string } = {}): VaultError => ({
  kind,
  ref,
  message,
  ...extra,
});

/** A thrown `VaultError` (from a key provider or a cipher), carried as an Error with the same fields. */
export class VaultFailure extends Error implements VaultError {
  readonly kind: VaultErrorKind;
  readonly ref: string;
  constructor(error: VaultError) {
    super(error.message);
    this.name = 'VaultFailure';
    this.kind = error.kind;
    this.ref = error.ref;
  }
}

export const isVaultError = (x: unknown): x is VaultError =>
  typeof x === 'object' && x !== null && ['erased', 'notFound', 'tampered', 'keyUnavailable', 'unsupportedAlgorithm'].includes((x as { kind?: string }).kind ?? '') && typeof (x as { ref?: unknown }).ref === 'string';
