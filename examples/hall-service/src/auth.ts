import { createPublicKey, type KeyObject } from 'node:crypto';
import { textFault, type Actor, type ActorKind, type Directory, type StaffRole } from '@banjian/core';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { ErrorReply } from './http-errors';

/** How the service checks bearer tokens (JWT, RFC 7519). */
export interface AuthOptions {
  /**
   * PEM public keys (SPKI, `-----BEGIN PUBLIC KEY-----`) of the issuers the hall trusts: Ed25519
   * (alg `EdDSA`) or RSA (alg `RS256`). Several may be given while a signing key is rotated.
   */
  readonly publicKeys: readonly string[];
  /** The `iss` every token must carry (e.g. the hall's identity provider). */
  readonly issuer: string;
  /** The `aud` every token must carry (this service). */
  readonly audience: string;
  /** Seconds of clock difference tolerated on `exp`/`nbf`. @defaultValue 30 */
  readonly clockToleranceSeconds?: number;
  /** Longest token lifetime accepted, from `iat` (tokens without `iat` are refused). @defaultValue 12 h */
  readonly maxTokenAgeSeconds?: number;
}

/**
 * Who a verified request is: the actor every command is recorded under, and what the directory
 * says of them (role, hall, department, window). Nothing here comes from the request body.
 */
export interface Principal {
  readonly actor: Actor;
  /** The hall the credential belongs to (staff, device, department); absent for the applicant, agent and installation-wide system. */
  readonly hallId?: string;
  readonly role?: StaffRole;
}

interface TrustedKey {
  readonly key: KeyObject;
  readonly alg: 'EdDSA' | 'RS256';
}

const trustedKey = (pem: string): TrustedKey => {
  const key = createPublicKey(pem);
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return { key, alg: 'EdDSA' };
  if (type === 'rsa') return { key, alg: 'RS256' };
  throw new TypeError(`a token key must be Ed25519 or RSA, got ${type ?? 'an unknown key type'}`);
};

const unauthorized = (reason: string): ErrorReply => ({
  status: 401,
  body: { kind: 'unauthenticated', reason, message: `unauthenticated: ${reason}` },
});

const KINDS: readonly ActorKind[] = ['staff', 'applicant', 'agent', 'department', 'system', 'device'];

const claimText = (payload: JWTPayload, name: string): string | undefined => {
  const value = payload[name];
  return typeof value === 'string' && value.trim() !== '' && textFault(value) === undefined ? value : undefined;
};

/**
 * The principal a set of verified claims names, looked up in the directory: staff by (`hall`,
 * `sub`) with role, department and window as registered; devices and departments by hall; the
 * system, applicants (`sub` = the pseudonymous applicant ref) and agents as the token says.
 */
export const principalOf = (payload: JWTPayload, directory: Directory): Principal | ErrorReply => {
  const kind = claimText(payload, 'kind') as ActorKind | undefined;
  const id = claimText(payload, 'sub');
  const hallId = claimText(payload, 'hall');
  if (kind === undefined || !KINDS.includes(kind)) return unauthorized(`the token's kind claim must be one of ${KINDS.join(', ')}`);
  if (id === undefined) return unauthorized('the token has no usable sub claim');
  switch (kind) {
    case 'staff': {
      const staff = hallId === undefined ? undefined : directory.staff(hallId, id);
      if (!staff) return unauthorized(`staff ${id} is not registered at hall ${hallId ?? '(no hall claim)'}`);
      const actor: Actor = {
        kind, id,
        ...(staff.windowId === undefined ? {} : { windowId: staff.windowId }),
        ...(staff.departmentId === undefined ? {} : { departmentId: staff.departmentId }),
      };
      return { actor, hallId: staff.hallId, role: staff.role };
    }
    case 'device': {
      const device = hallId === undefined ? undefined : directory.device(hallId, id);
      if (!device) return unauthorized(`device ${id} is not installed at hall ${hallId ?? '(no hall claim)'}`);
      return { actor: { kind, id, windowId: device.windowId }, hallId: device.hallId };
    }
    case 'department': {
      if (hallId === undefined || !directory.department(hallId, id)) return unauthorized(`department ${id} is not registered at hall ${hallId ?? '(no hall claim)'}`);
      return { actor: { kind, id, departmentId: id }, hallId };
    }
    case 'system':
      // An installation's admin console: hall-less, or bound to one hall tree when the token names a hall.
      return { actor: { kind, id }, ...(hallId === undefined ? {} : { hallId }) };
    default:
      return { actor: { kind, id } };
  }
};

/** Verifies `Authorization: Bearer <jwt>` (signature, `iss`, `aud`, `exp`, `nbf`, `iat` age) and names the principal. */
export const createAuthenticator = (options: AuthOptions, now: () => Date) => {
  const keys = options.publicKeys.map(trustedKey);
  if (keys.length === 0) throw new TypeError('the hall service needs at least one public key to verify tokens');
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: options.clockToleranceSeconds ?? 30,
    maxTokenAge: options.maxTokenAgeSeconds ?? 12 * 3600,
    requiredClaims: ['exp', 'iat', 'sub'],
  };

  const verify = async (token: string): Promise<{ payload: JWTPayload } | ErrorReply> => {
    let last: unknown;
    for (const { key, alg } of keys) {
      try {
        const { payload } = await jwtVerify(token, key, { ...verifyOptions, algorithms: [alg], currentDate: now() });
        return { payload };
      } catch (error) {
        last = error;
        // A key of another type, or a signature that does not verify with this key: try the next one.
        if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JWSSignatureVerificationFailed) continue;
        break;
      }
    }
    if (last instanceof joseErrors.JWTExpired) return unauthorized('the token has expired');
    if (last instanceof joseErrors.JWTClaimValidationFailed) return unauthorized(`the token's ${last.claim} claim is not accepted (${last.reason})`);
    if (last instanceof joseErrors.JWSSignatureVerificationFailed || last instanceof joseErrors.JOSEAlgNotAllowed) {
      return unauthorized('the token is not signed by a trusted key');
    }
    return unauthorized('the token is not a well-formed signed JWT');
  };

  return async (authorization: string | undefined, directory: Directory): Promise<Principal | ErrorReply> => {
    if (authorization === undefined) return unauthorized('no Authorization: Bearer token');
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization.trim());
    if (!match) return unauthorized('the Authorization header is not "Bearer <token>"');
    const verified = await verify(match[1]!);
    return 'payload' in verified ? principalOf(verified.payload, directory) : verified;
  };
};

export type Authenticator = ReturnType<typeof createAuthenticator>;

/** The body's `metadata.actor`, when given, must be the credential's (kind and id, and any window/department it names). */
export const actorMismatch = (claimed: unknown, principal: Principal): ErrorReply | undefined => {
  if (claimed === undefined) return undefined;
  const c = claimed as Partial<Record<keyof Actor, unknown>> | null;
  const a = principal.actor;
  const same =
    typeof c === 'object' && c !== null &&
    c.kind === a.kind && c.id === a.id &&
    (c.windowId === undefined || c.windowId === a.windowId) &&
    (c.departmentId === undefined || c.departmentId === a.departmentId);
  if (same) return undefined;
  return {
    status: 403,
    body: {
      kind: 'forbidden',
      rule: 'auth.actor.notCredential',
      actor: a,
      message: `the command names actor ${JSON.stringify(claimed)}, but the credential is ${a.kind} ${a.id}`,
    },
  };
};
