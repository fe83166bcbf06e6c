import { randomBytes } from 'node:crypto';
import { left, right, type Either } from 'fp-ts/lib/Either';
import { chainAccess } from './access-log';
import { algorithmAvailable, DATA_KEY_BYTES, open, seal, type VaultAlgorithm } from './cipher';
import { isVaultError, vaultError, type VaultError } from './errors';
import type { MasterKeyProvider } from './keys';
import type { AccessAction, AccessEntry, AccessOutcome, PersonalData, VaultAccess, VaultBackend, VaultRecord } from './records';
import { retentionEnd, retentionOf, type RetentionRules } from './retention';

export interface VaultOptions {
  readonly backend: VaultBackend;
  readonly keys: MasterKeyProvider;
  readonly retention: RetentionRules;
  /** How new records are sealed. @defaultValue 'aes-256-gcm' */
  readonly algorithm?: VaultAlgorithm;
  /** The vault's clock: access-log times, retention. @defaultValue the system clock */
  readonly now?: () => Date;
}

/** Whether a ref's data is held or erased, and which fields: what a trail shows, without decrypting (not an access). */
export interface PersonalDataStatus {
  readonly ref: string;
  readonly state: 'held' | 'erased';
  readonly fields: readonly string[];
  readonly itemCode: string;
  readonly retainUntil: string;
  readonly erasedAt?: string;
  readonly erasureReason?: string;
}

/** Why a record is erased: its retention ended, or the person (or a lawful authority) asked (个人信息保护法 §47). */
export type ErasureReason = 'retentionEnded' | 'erasureRequest';

/**
 * The personal-data vault 个人信息库 (port: `VaultBackend`; SQLite, PostgreSQL and memory backends):
 * per applicant ref a data key, sealing the person's fields, wrapped by a master key from the key
 * provider. Outside the hash chain: events keep the ref only, so erasing the key (crypto-shredding)
 * leaves the log verifiable and the figures unchanged. Every read, write, erasure and rotation is
 * a line of the chained access log, committed with the change or before the data is returned.
 */
export interface PersonalDataVault {
  /** Seals (or replaces) a person's data under a fresh data key; retention runs to the longest of the items it served. */
  store(ref: string, data: PersonalData, options: { readonly itemCode: string; readonly access: VaultAccess }): Promise<Either<VaultError, PersonalDataStatus>>;
  /** Opens a person's data; the access is logged first, whatever the outcome. */
  read(ref: string, access: VaultAccess): Promise<Either<VaultError, PersonalData>>;
  /** Destroys the person's data key and ciphertext (crypto-shredding); erasing twice is a no-op. */
  erase(ref: string, options: { readonly reason: ErasureReason; readonly access: VaultAccess }): Promise<Either<VaultError, PersonalDataStatus>>;
  status(ref: string): Promise<PersonalDataStatus | undefined>;
  /** Re-wraps every data key not wrapped with the provider's current master key; returns how many. */
  rotateMasterKey(access: VaultAccess): Promise<number>;
  /** Re-seals one person's data under a new data key. */
  rotateDataKey(ref: string, access: VaultAccess): Promise<Either<VaultError, PersonalDataStatus>>;
  /** Erases every record whose retention has ended; returns the refs erased. */
  sweep(access: VaultAccess): Promise<readonly string[]>;
  accessLog(ref?: string): Promise<readonly AccessEntry[]>;
  close(): Promise<void>;
}

const statusOf = (record: VaultRecord): PersonalDataStatus => ({
  ref: record.ref,
  state: record.sealed === null ? 'erased' : 'held',
  fields: record.fields,
  itemCode: record.itemCode,
  retainUntil: record.retainUntil,
  ...(record.erasedAt === null ? {} : { erasedAt: record.erasedAt }),
  ...(record.erasureReason === null ? {} : { erasureReason: record.erasureReason }),
});

const aadOf = (ref: string, algorithm: VaultAlgorithm): Buffer => Buffer.from(`${ref}\u0000${algorithm}`, 'utf8');

export const createVault = (options: VaultOptions): PersonalDataVault => {
  const { backend, keys, retention } = options;
  const algorithm = options.algorithm ?? 'aes-256-gcm';
  const now = options.now ?? (() => new Date());

  const log = (ref: string, access: VaultAccess, action: AccessAction, outcome: AccessOutcome, record?: VaultRecord) =>
    backend.commit({
      ...(record ? { record } : {}),
      chain: (previous) =>
        chainAccess(
          { at: now().toISOString(), actor: access.actor, ref, ...(access.caseId === undefined ? {} : { caseId: access.caseId }), purpose: access.purpose, action, outcome },
          previous,
        ),
    });

  /** A sealed record of `data` under a fresh data key, wrapped with the current master key. */
  const sealed = async (ref: string, data: PersonalData, base: Pick<VaultRecord, 'itemCode' | 'retainUntil' | 'storedAt'>, with_: VaultAlgorithm): Promise<VaultRecord> => {
    const dataKey = randomBytes(DATA_KEY_BYTES);
    try {
      const { keyId, wrapped } = await keys.wrap(dataKey, ref);
      const plain = Buffer.from(JSON.stringify(data), 'utf8');
      return {
        ref, algorithm: with_, fields: Object.keys(data).sort(), ...base,
        masterKeyId: keyId, wrappedKey: wrapped, sealed: seal(with_, dataKey, plain, aadOf(ref, with_)), erasedAt: null, erasureReason: null,
      };
    } finally {
      dataKey.fill(0);
    }
  };

  /** Opens a held record; a `VaultError` for a bad wrap, an unknown master key or altered ciphertext. */
  const opened = async (record: VaultRecord): Promise<Either<VaultError, PersonalData>> => {
    try {
      const dataKey = await keys.unwrap(record.masterKeyId!, record.wrappedKey!, record.ref);
      try {
        return right(JSON.parse(open(record.algorithm, dataKey, record.sealed!, aadOf(record.ref, record.algorithm), record.ref).toString('utf8')) as PersonalData);
      } finally {
        dataKey.fill(0);
      }
    } catch (error) {
      if (isVaultError(error)) return left(vaultError(error.kind, record.ref, error.message));
      throw error;
    }
  };

  const erasedError = (record: VaultRecord): VaultError =>
    vaultError('erased', record.ref, `personal data of ${record.ref} was erased on ${record.erasedAt} (${record.erasureReason})`, {
      erasedAt: record.erasedAt!, reason: record.erasureReason!,
    });

  /** The held record of `ref`; when there is none, or it was erased, the access is logged so and the typed error returned. */
  const heldRecord = async (ref: string, access: VaultAccess, action: AccessAction): Promise<Either<VaultError, VaultRecord>> => {
    const record = await backend.get(ref);
    if (!record) {
      await log(ref, access, action, 'notFound');
      return left(vaultError('notFound', ref, `no personal data is held for ${ref}`));
    }
    if (record.sealed === null) {
      await log(ref, access, action, 'erased');
      return left(erasedError(record));
    }
    return right(record);
  };

  const erase: PersonalDataVault['erase'] = async (ref, { reason, access }) => {
    const held = await heldRecord(ref, access, 'erase');
    if (held._tag === 'Left') {
      // Erasing twice is a no-op that answers the first erasure.
      const record = held.left.kind === 'erased' ? await backend.get(ref) : undefined;
      return record ? right(statusOf(record)) : held;
    }
    const erased: VaultRecord = { ...held.right, masterKeyId: null, wrappedKey: null, sealed: null, erasedAt: now().toISOString(), erasureReason: reason };
    await log(ref, access, 'erase', 'ok', erased);
    return right(statusOf(erased));
  };

  return {
    store: async (ref, data, { itemCode, access }) => {
      if (!algorithmAvailable(algorithm)) return left(vaultError('unsupportedAlgorithm', ref, `${algorithm} is not offered by this Node's OpenSSL`));
      const at = now();
      const previous = await backend.get(ref);
      const ends = retentionEnd(at.getTime(), retentionOf(retention, itemCode));
      // A person served by several items is kept for the longest of their retentions.
      const keepPrevious = previous !== undefined && previous.sealed !== null && previous.retainUntil > ends;
      const record = await sealed(ref, data, {
        itemCode: keepPrevious ? previous.itemCode : itemCode,
        retainUntil: keepPrevious ? previous.retainUntil : ends,
        storedAt: at.toISOString(),
      }, algorithm);
      await log(ref, access, 'store', 'ok', record);
      return right(statusOf(record));
    },

    read: async (ref, access) => {
      const held = await heldRecord(ref, access, 'read');
      if (held._tag === 'Left') return held;
      const data = await opened(held.right);
      // Logged before the data leaves the vault: no read goes unrecorded.
      await log(ref, access, 'read', data._tag === 'Right' ? 'ok' : (data.left.kind as AccessOutcome));
      return data;
    },

    erase,

    status: async (ref) => {
      const record = await backend.get(ref);
      return record ? statusOf(record) : undefined;
    },

    rotateMasterKey: async (access) => {
      const refs = await backend.heldRefs({ masterKeyIdNot: keys.currentKeyId });
      let rotated = 0;
      for (const ref of refs) {
        const record = (await backend.get(ref))!;
        let dataKey: Buffer;
        try {
          dataKey = await keys.unwrap(record.masterKeyId!, record.wrappedKey!, ref);
        } catch (error) {
          if (!isVaultError(error)) throw error;
          await log(ref, access, 'rotateMasterKey', error.kind as AccessOutcome);
          continue;
        }
        const { keyId, wrapped } = await keys.wrap(dataKey, ref);
        dataKey.fill(0);
        await log(ref, access, 'rotateMasterKey', 'ok', { ...record, masterKeyId: keyId, wrappedKey: wrapped });
        rotated++;
      }
      return rotated;
    },

    rotateDataKey: async (ref, access) => {
      const held = await heldRecord(ref, access, 'rotateDataKey');
      if (held._tag === 'Left') return held;
      const record = held.right;
      const data = await opened(record);
      if (data._tag === 'Left') {
        await log(ref, access, 'rotateDataKey', data.left.kind as AccessOutcome);
        return data;
      }
      const next = await sealed(ref, data.right, record, record.algorithm);
      await log(ref, access, 'rotateDataKey', 'ok', next);
      return right(statusOf(next));
    },

    sweep: async (access) => {
      const refs = await backend.heldRefs({ retainUntilBefore: now().toISOString() });
      for (const ref of refs) await erase(ref, { reason: 'retentionEnded', access });
      return refs;
    },

    accessLog: (ref) => backend.accessLog(ref),
    close: () => backend.close(),
  };
};
