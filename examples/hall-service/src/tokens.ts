import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import type { ActorKind } from '@banjian/core';
import { SignJWT } from 'jose';

/** The claims the hall service reads from a token: who (`sub`, `kind`) and, for staff, devices and departments, the hall. */
export interface TokenClaims {
  readonly sub: string;
  readonly kind: ActorKind;
  readonly hall?: string;
}

export interface IssueOptions {
  /** PEM private key (PKCS#8), Ed25519 or RSA. */
  readonly privateKeyPem: string;
  readonly issuer: string;
  readonly audience: string;
  /** @defaultValue 3600 */
  readonly ttlSeconds?: number;
  /** @defaultValue now */
  readonly now?: Date;
}

/**
 * Signs a token as an identity provider would (for local use and tests; a hall's real tokens come
 * from its unified identity platform 统一身份认证). Ed25519 keys sign EdDSA, RSA keys RS256.
 */
export const issueToken = async (claims: TokenClaims, options: IssueOptions): Promise<string> => {
  const key = createPrivateKey(options.privateKeyPem);
  const alg = key.asymmetricKeyType === 'ed25519' ? 'EdDSA' : 'RS256';
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ kind: claims.kind, ...(claims.hall === undefined ? {} : { hall: claims.hall }) })
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.ttlSeconds ?? 3600))
    .sign(key);
};

/** A fresh Ed25519 key pair as PEM (PKCS#8 private, SPKI public). */
export const generateTokenKeys = (): { privateKeyPem: string; publicKeyPem: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

/** The issuer and audience the example uses when none is configured. */
export const DEV_ISSUER = 'banjian-dev';
export const DEV_AUDIENCE = 'hall-service';
