import { canonicalJson } from '../integrity/canonical';
import { chainHash, GENESIS_HASH } from '../integrity/hash';
import type { AccessDraft, AccessEntry } from './records';

const hashOf = (entry: Omit<AccessEntry, 'hash'>): string => chainHash('sha256', entry.prevHash, canonicalJson(entry));

/** The next line of the access log after `previous`: numbered and chained. */
export const chainAccess = (draft: AccessDraft, previous: AccessEntry | undefined): AccessEntry => {
  const unhashed = { ...draft, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...unhashed, hash: hashOf(unhashed) };
};

export type AccessLogVerdict = { readonly intact: true; readonly entries: number } | { readonly intact: false; readonly seq: number; readonly reason: string };

/** Walks the access log: numbering without gaps, each line's link and hash. */
export const verifyAccessLog = (entries: readonly AccessEntry[]): AccessLogVerdict => {
  let previous: AccessEntry | undefined;
  for (const entry of entries) {
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (entry.seq !== expectedSeq) return { intact: false, seq: expectedSeq, reason: `line ${expectedSeq} is missing (found ${entry.seq})` };
    if (entry.prevHash !== (previous?.hash ?? GENESIS_HASH)) return { intact: false, seq: entry.seq, reason: 'does not link to the line before' };
    const { hash, ...rest } = entry;
    if (hashOf(rest) !== hash) return { intact: false, seq: entry.seq, reason: 'altered: its hash does not match' };
    previous = entry;
  }
  return { intact: true, entries: entries.length };
};
