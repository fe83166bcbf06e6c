import type { Actor } from '../events/primitives';
import type { VaultAlgorithm } from './cipher';

/** An applicant's personal data 个人信息, field by field (name, idNumber, phone, address, …): text only. */
export type PersonalData = Readonly<Record<string, string>>;

/**
 * One applicant's sealed record, as a vault backend stores it. Keyed by the pseudonymous ref the
 * events carry; nothing in it is in the hash chain. After erasure the key and ciphertext are gone
 * and only the facts of the erasure remain.
 */
export interface VaultRecord {
  readonly ref: string;
  readonly algorithm: VaultAlgorithm;
  /** The field names held (never their values): what a trail shows as held or erased. */
  readonly fields: readonly string[];
  /** The service item whose retention applies (the longest of the person's cases). */
  readonly itemCode: string;
  readonly storedAt: string;
  /** End of retention (ISO instant): after it `sweep` erases the record. */
  readonly retainUntil: string;
  /** The master key that wrapped the data key; null once erased. */
  readonly masterKeyId: string | null;
  /** The data key wrapped by the master key; null once erased (crypto-shredding). */
  readonly wrappedKey: Buffer | null;
  /** `iv ‖ tag ‖ ciphertext` of the data as JSON; null once erased. */
  readonly sealed: Buffer | null;
  readonly erasedAt: string | null;
  readonly erasureReason: string | null;
}

/** What a vault operation did, for the access log. */
export type AccessAction = 'store' | 'read' | 'erase' | 'rotateMasterKey' | 'rotateDataKey';
export type AccessOutcome = 'ok' | 'erased' | 'notFound' | 'tampered' | 'keyUnavailable';

/** Who touches personal data, for which case and why (个人信息保护法 §§ 51, 55: a record of processing). */
export interface VaultAccess {
  readonly actor: Actor;
  /** The case the access serves, when it serves one. */
  readonly caseId?: string;
  /** Why: `受理审查`, `送达`, `lawful erasure request`, … (free text, required). */
  readonly purpose: string;
}

/**
 * One line of the access log: who, when (the vault's clock), which ref and case, why, what and how
 * it went; chained like the event log (`hash = H(prevHash ‖ canonical JSON of the rest)`), so a
 * removed or edited line is detected by `verifyAccessLog`.
 */
export interface AccessEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: Actor;
  readonly ref: string;
  readonly caseId?: string;
  readonly purpose: string;
  readonly action: AccessAction;
  readonly outcome: AccessOutcome;
  readonly prevHash: string;
  readonly hash: string;
}

/** An access log line before the backend numbers and chains it. */
export type AccessDraft = Omit<AccessEntry, 'seq' | 'prevHash' | 'hash'>;

/**
 * The storage a vault runs on (`createVault` does the cryptography and the rules). A backend keeps
 * records (replaced in place: erasure must really remove key and ciphertext) and an append-only
 * access log, and commits a record change together with its log line, or neither.
 */
export interface VaultBackend {
  get(ref: string): Promise<VaultRecord | undefined>;
  /**
   * Atomically: replaces the record (when given) and appends the access line that `chain` builds
   * from the previous line (undefined for the first). Returns the appended line.
   */
  commit(change: { readonly record?: VaultRecord; readonly chain: (previous: AccessEntry | undefined) => AccessEntry }): Promise<AccessEntry>;
  /** Refs of held (not erased) records: retention ending at or before `retainUntilBefore`, or wrapped with a key other than `masterKeyIdNot`. */
  heldRefs(filter: { readonly retainUntilBefore?: string; readonly masterKeyIdNot?: string }): Promise<readonly string[]>;
  /** The access log in order, optionally of one ref. */
  accessLog(ref?: string): Promise<readonly AccessEntry[]>;
  close(): Promise<void>;
}
