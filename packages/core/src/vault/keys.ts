import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { VaultFailure } from './errors';

/**
 * Where master keys live: wraps and unwraps per-person data keys and never hands the master key
 * out. A hall plugs in its KMS or a 密码机 (HSM) here; `createLocalMasterKeys` keeps keys in memory.
 */
export interface MasterKeyProvider {
  /** The key new data keys are wrapped with (rotation: make another key current, then `rotateMasterKey`). */
  readonly currentKeyId: string;
  /** Wraps a data key; `context` (the applicant ref) is authenticated with it. */
  wrap(dataKey: Buffer, context: string): Promise<{ keyId: string; wrapped: Buffer }>;
  /** Unwraps; throws a `VaultFailure` `keyUnavailable` for an unknown key id, `tampered` for a changed wrap. */
  unwrap(keyId: string, wrapped: Buffer, context: string): Promise<Buffer>;
}

export interface LocalMasterKeysOptions {
  /** Master keys by id: 32 bytes each (a Buffer, or 64 hex digits). Keep retired ones until nothing is wrapped with them. */
  readonly keys: Readonly<Record<string, Buffer | string>>;
  readonly current: string;
}

/** Master keys held in the process (from a file or an environment variable the deployment protects), wrapping with AES-256-GCM. */
export const createLocalMasterKeys = ({ keys, current }: LocalMasterKeysOptions): MasterKeyProvider => {
  const table = new Map<string, Buffer>();
  for (const [id, key] of Object.entries(keys)) {
    const bytes = typeof key === 'string' ? Buffer.from(key, 'hex') : key;
    if (bytes.length !== 32) throw new RangeError(`master key ${id} must be 32 bytes, got ${bytes.length}`);
    table.set(id, bytes);
  }
  if (!table.has(current)) throw new RangeError(`the current master key ${current} is not among the keys`);
  const keyOf = (keyId: string, context: string): Buffer => {
    const key = table.get(keyId);
    if (!key) throw new VaultFailure({ kind: 'keyUnavailable', ref: context, message: `master key ${keyId} is not available` });
    return key;
  };
  return {
    currentKeyId: current,
    wrap: async (dataKey, context) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyOf(current, context), iv).setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      return { keyId: current, wrapped: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    unwrap: async (keyId, wrapped, context) => {
      const key = keyOf(keyId, context);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, 12)).setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(wrapped.subarray(12, 28));
        return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
      } catch {
        throw new VaultFailure({ kind: 'tampered', ref: context, message: `the wrapped data key of ${context} fails authentication` });
      }
    },
  };
};

/**
 * Reads a master-key file: one key a line, `<id> <64 hex digits>` (or the hex alone: id `local`),
 * blank lines and `#` comments ignored; the last key is the current one (append a line to rotate).
 */
export const parseMasterKeyFile = (text: string): LocalMasterKeysOptions => {
  const keys: Record<string, string> = {};
  let current: string | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [first, second, ...rest] = line.split(/\s+/);
    const [id, hex] = second === undefined ? ['local', first!] : [first!, second];
    if (rest.length > 0 || !/^[0-9a-fA-F]{64}$/.test(hex)) throw new RangeError(`master-key file line ${index + 1}: expected "<id> <64 hex digits>" or 64 hex digits`);
    keys[id] = hex;
    current = id;
  }
  if (current === undefined) throw new RangeError('the master-key file holds no key');
  return { keys, current };
};
