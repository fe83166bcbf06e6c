import type { RawEventRecord } from '../store/port';
import { accepted, at, staff, submitted } from '../testkit/sample-case.fixture';
import { GENESIS_HASH, sealEnvelope, type HashAlgorithm } from './hash';

/**
 * Test support: a small sealed log built by hand (no store), as full envelopes and as the raw
 * records a store would return, so verify and interchange tests can tamper with stored bytes.
 */

export type SealedEnvelope = Record<string, unknown> & {
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  prevHash: string;
  hash: string;
};

export interface SealedLog {
  envelopes: SealedEnvelope[];
  records: RawEventRecord[];
}

const eventsOfCase = (caseId: string, perCase: number) => {
  const visits = Array.from({ length: Math.max(0, perCase - 2) }, () => ({ type: 'VisitRecorded', data: { caseId, purpose: 'enquire' } }));
  return [submitted(caseId), accepted(caseId), ...visits].slice(0, perCase);
};

/** Cases `c-1…c-n`, their events interleaved round-robin in global order, sealed with `algorithm`. */
export const sealedLog = ({ cases = 3, perCase = 4, algorithm = 'sha256' as HashAlgorithm } = {}): SealedLog => {
  const heads = new Map<string, { position: number; hash: string }>();
  const log: SealedLog = { envelopes: [], records: [] };
  for (let round = 0; round < perCase; round++) {
    for (let c = 1; c <= cases; c++) {
      const caseId = `c-${c}`;
      const event = eventsOfCase(caseId, perCase)[round];
      if (event === undefined) continue;
      const streamId = `case-${caseId}`;
      const head = heads.get(streamId) ?? { position: 0, hash: GENESIS_HASH };
      const globalPosition = log.records.length + 1;
      const envelope = {
        eventId: `0190a000-0000-7000-8000-${String(globalPosition).padStart(12, '0')}`,
        type: event.type,
        schemaVersion: 1,
        streamId,
        streamPosition: head.position,
        occurredAt: at(round * 10),
        recordedAt: at(round * 10),
        actor: staff,
        commandId: `cmd-${globalPosition}`,
        data: event.data,
      };
      log.records.push(sealRecord(algorithm, head.hash, envelope, globalPosition));
      log.envelopes.push({ ...sealEnvelope(algorithm, head.hash, envelope).event, globalPosition });
      heads.set(streamId, { position: head.position + 1, hash: (log.records.at(-1) as RawEventRecord).hash });
    }
  }
  return log;
};

/** Seal one envelope as a store would keep it: a forger recomputing hashes does the same. */
export const sealRecord = (algorithm: HashAlgorithm, prevHash: string, envelope: Record<string, unknown> & { streamId: string; streamPosition: number }, globalPosition: number): RawEventRecord => {
  const { canonical, event } = sealEnvelope(algorithm, prevHash, envelope);
  return { globalPosition, streamId: envelope.streamId, streamPosition: envelope.streamPosition, canonical, prevHash, hash: event.hash };
};

/** Give records consecutive global positions from 1, as a store renumbering after an edit would. */
export const renumber = (records: readonly RawEventRecord[]): RawEventRecord[] => records.map((r, i) => ({ ...r, globalPosition: i + 1 }));
