import type { RawEventRecord } from '../store/port';
import type { Checkpoint } from './checkpoint';

/**
 * How tampering shows when the log is walked in global order (spec §6):
 * - `altered`: a record does not agree with itself — its stored hash ≠ H(prevHash ‖ canonical), or
 *   its canonical text names another stream, position or prevHash than the record's columns;
 * - `missing`: a stream skips positions that never turn up, or the log is shorter than a signed checkpoint;
 * - `reordered`: an event comes before an earlier position of its own stream (rows swapped), or
 *   global positions go backwards;
 * - `inserted`: a stream position or global position seen twice, an event whose prevHash does not
 *   link to the event before it (a forged event, or a forged predecessor), or — for a forgery with a
 *   recomputed, correctly linked hash — the Merkle root within a signed checkpoint's range no
 *   longer matching it;
 * - `badSignature`: a checkpoint whose Ed25519 signature fails.
 */
export type DamageKind = 'altered' | 'missing' | 'reordered' | 'inserted' | 'badSignature';

export interface Damage {
  kind: DamageKind;
  /** Where the damage shows: the record at which it was found ('' and 0s for an empty log). */
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  detail: string;
  /** The checkpoint concerned, for root mismatches, a short log and bad signatures. */
  checkpoint?: { size: number; time: string; keyId?: string };
}

/** Where a record is, for naming it in a damage report. */
export type RecordPlace = Pick<RawEventRecord, 'streamId' | 'streamPosition' | 'globalPosition'>;

export const NOWHERE: RecordPlace = { streamId: '', streamPosition: 0, globalPosition: 0 };

export const damageAt = (kind: DamageKind, at: RecordPlace, detail: string, checkpoint?: Checkpoint): Damage => ({
  kind,
  streamId: at.streamId,
  streamPosition: at.streamPosition,
  globalPosition: at.globalPosition,
  detail,
  ...(checkpoint ? { checkpoint: { size: checkpoint.size, time: checkpoint.time, ...(checkpoint.keyId ? { keyId: checkpoint.keyId } : {}) } } : {}),
});

export const describeDamage = (d: Damage): string =>
  `${d.kind} at ${d.streamId || '(empty log)'} position ${d.streamPosition} (global ${d.globalPosition}): ${d.detail}`;
