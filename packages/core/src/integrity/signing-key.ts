import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A key that cannot be read or is not an Ed25519 key; the message names the source. */
export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
  readonly kind = 'signingKey' as const;
}

/** Environment variables of the checkpoint keys: a PEM text or a path to a PEM file. */
export const SIGNING_KEY_ENV = 'BANJIAN_SIGNING_KEY';
export const PUBLIC_KEY_ENV = 'BANJIAN_PUBLIC_KEY';

const isPem = (value: string): boolean => value.includes('-----BEGIN ');

const readPem = (pemOrPath: string, what: string): { pem: string; source: string } => {
  if (isPem(pemOrPath)) return { pem: pemOrPath, source: `${what} (PEM text)` };
  try {
    return { pem: readFileSync(pemOrPath, 'utf8'), source: `${what} ${pemOrPath}` };
  } catch (error) {
    throw new SigningKeyError(`${what}: cannot read "${pemOrPath}" (${(error as NodeJS.ErrnoException).code ?? String(error)}); give a PEM text or a path to one`);
  }
};

const requireEd25519 = (key: KeyObject, source: string): KeyObject => {
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`${source}: is a ${key.asymmetricKeyType ?? key.type} key, checkpoints are signed with Ed25519`);
  return key;
};

/** An Ed25519 private key from a PEM text or a path to a PEM file. */
export const loadPrivateKey = (pemOrPath: string | KeyObject): KeyObject => {
  if (typeof pemOrPath !== 'string') return requireEd25519(pemOrPath, 'private key');
  const { pem, source } = readPem(pemOrPath, 'private key');
  try {
    return requireEd25519(createPrivateKey(pem), source);
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError(`${source}: not a PEM private key (${(error as Error).message})`);
  }
};

/** An Ed25519 public key from a PEM text or path; a private key gives its public half. */
export const loadPublicKey = (pemOrPath: string | KeyObject): KeyObject => {
  if (typeof pemOrPath !== 'string') return requireEd25519(pemOrPath.type === 'private' ? createPublicKey(pemOrPath) : pemOrPath, 'public key');
  const { pem, source } = readPem(pemOrPath, 'public key');
  try {
    return requireEd25519(createPublicKey(pem), source);
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError(`${source}: not a PEM public or private key (${(error as Error).message})`);
  }
};

/** The signing key from configuration (`BANJIAN_SIGNING_KEY`), if set. */
export const signingKeyFromEnv = (env: NodeJS.ProcessEnv = process.env): KeyObject | undefined => {
  const value = env[SIGNING_KEY_ENV];
  return value ? loadPrivateKey(value) : undefined;
};

/** The verification key from configuration: `BANJIAN_PUBLIC_KEY`, else the public half of `BANJIAN_SIGNING_KEY`. */
export const publicKeyFromEnv = (env: NodeJS.ProcessEnv = process.env): KeyObject | undefined => {
  const value = env[PUBLIC_KEY_ENV] || env[SIGNING_KEY_ENV];
  return value ? loadPublicKey(value) : undefined;
};

/** A short, stable id of a public key: the first 16 hex digits of SHA-256 over its SPKI DER bytes. */
export const keyIdOf = (key: KeyObject): string =>
  createHash('sha256')
    .update(loadPublicKey(key).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
