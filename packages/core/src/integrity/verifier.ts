import type { RawEventRecord } from '../store/port';
import type { Checkpoint, CheckpointVerdict } from './checkpoint';
import { damageAt, NOWHERE, type Damage, type RecordPlace } from './damage';
import { GENESIS_HASH, type HashAlgorithm } from './hash';
import { createMerkleSpan, createMerkleTree, type MerkleSubtree, type MerkleTreeState } from './merkle-tree';
import { digestHex } from './one-shot';

/** The result of a walk (see `verifyLog`). */
export interface VerifyResult {
  ok: boolean;
  /** Records read (past a damage, a two-thread walk may have read ahead of the damaged record). */
  events: number;
  /** Distinct streams seen. */
  streams: number;
  /** Global position of the last record that passed the stream checks (0 for an empty log). */
  lastPosition: number;
  /** Merkle root (RFC 6962) over the records verified, hex. */
  root: string;
  algorithm: HashAlgorithm;
  /** Checkpoints whose root matched (and signature held, when a key was given). */
  checkpointsVerified: number;
  signaturesChecked: boolean;
  /** Threads that took part: 1, or more when workers hashed or walked ranges of the log. */
  threads: number;
  /** The first damage in global order. */
  damage?: Damage;
}

interface StreamState {
  next: number;
  lastHash: string;
  lastGlobal: number;
  /** JSON text of the stream id, as it appears in the canonical envelope (made when first needed). */
  idJson: string | undefined;
}

/** Positions a stream skipped, kept until they turn up later (reordered) or never do (missing). */
interface Gap {
  at: RecordPlace;
  ordinal: number;
  from: number;
  to: number;
}

/** A record whose chain hash and tree leaf are left to another thread, with its place in the walk. */
export interface Outgoing {
  record: RawEventRecord;
  ordinal: number;
}

// Sorted keys (RFC 8785 §3.2.3) put streamId, streamPosition and prevHash after `data`, and only
// strings and numbers follow them, so the LAST occurrence of each key is the envelope's own: a key
// inside a string value would have its quotes escaped. Stored bytes are searched, never parsed.
const fieldValueAt = (canonical: string, key: string): number => {
  const at = canonical.lastIndexOf(key);
  return at < 0 ? -1 : at + key.length;
};
const followedBy = (text: string, at: number, value: string, ends: string): boolean =>
  at >= 0 && text.startsWith(value, at) && ends.includes(text.charAt(at + value.length));

export const ALTERED_HASH = 'stored hash ≠ H(prevHash ‖ stored canonical text): the event was changed after it was sealed';

/** Why a record's columns disagree with its hashed text, or undefined. */
const columnDisagreement = (r: RawEventRecord, idJson: string): string | undefined => {
  const c = r.canonical;
  if (!followedBy(c, fieldValueAt(c, '"streamId":'), idJson, ',}')) return `the hashed text does not name stream ${r.streamId}`;
  if (!followedBy(c, fieldValueAt(c, '"streamPosition":'), String(r.streamPosition), ',}')) return `the hashed text does not name stream position ${r.streamPosition}`;
  if (!followedBy(c, fieldValueAt(c, '"prevHash":"'), r.prevHash, '"')) return 'the hashed text carries another prevHash than the record';
  return undefined;
};

export interface VerifierSetup {
  algorithm: HashAlgorithm;
  /** Sorted by size. */
  checkpoints: readonly Checkpoint[];
  /** Checks a checkpoint's signature (under the key given); without it roots are compared unsigned. */
  signature: ((checkpoint: Checkpoint) => CheckpointVerdict) | undefined;
}

/**
 * A walk over one global-position range (after, until] that knows nothing of the records before
 * it: each stream starts from its first record there, and the tree from leaf `after`. Joined to a
 * walk of everything before the range (`absorb`), it counts as the records stepped one by one if
 * the range is clean, starts where that walk ended, and continues each of its streams.
 */
export interface RangeSummary {
  after: number;
  /** No damage within the range itself. */
  clean: boolean;
  events: number;
  firstGlobal: number;
  last: RecordPlace;
  /** Each stream the range holds, in order of first appearance: the position and prevHash it starts from, and where it ends. */
  streams: { ids: string[]; from: number[]; fromHash: string[]; next: number[]; lastHash: string[]; lastGlobal: number[] };
  /** The range's leaves as subtrees of the global tree, if it starts at leaf `after`. */
  subtrees: MerkleSubtree[];
  /** At each checkpoint size the range reaches: the subtrees up to it, and the record it is reached at. */
  checkpoints: { size: number; subtrees: MerkleSubtree[]; at: RecordPlace }[];
}

const placeOf = (r: RecordPlace): RecordPlace => ({ streamId: r.streamId, streamPosition: r.streamPosition, globalPosition: r.globalPosition });

/**
 * The walk, one record at a time. Locally it hashes each record and grows the Merkle tree itself;
 * after `handOff` it keeps the cheap checks (order, positions, links, columns) and queues the
 * records whose hash and leaf another thread computes, whose findings come back through
 * `remoteAltered` / `remoteRoots`. Damages carry the ordinal of the record they are found at, so
 * the first in global order wins whichever thread finds it. Given a `range`, it walks that range
 * alone and `summarize`s it for a walk of the whole log to `absorb`.
 */
export const createVerifier = ({ algorithm, checkpoints, signature }: VerifierSetup, range?: { after: number }) => {
  let tree = createMerkleTree(algorithm);
  const span = range === undefined ? undefined : createMerkleSpan(algorithm, range.after);
  const grow = span ?? tree;
  const streams = new Map<string, StreamState>();
  let events = 0;
  let leaves = range?.after ?? 0;
  let firstGlobal = 0;
  let lastGlobal = 0;
  let last: RecordPlace = NOWHERE;
  let verified = 0;
  let nextCheckpoint = range === undefined ? 0 : checkpoints.filter((c) => c.size <= range.after).length;
  /** In a range walk: the streams first seen there, and the position and prevHash each starts from. */
  const opened = { ids: [] as string[], from: [] as number[], fromHash: [] as string[] };
  const snapshots: RangeSummary['checkpoints'] = [];
  let gap: Gap | undefined;
  let damage: Damage | undefined;
  let damageOrdinal = Infinity;
  let outbox: Outgoing[] | undefined;
  /** Checkpoints the remote tree reaches: where (record and ordinal) their size is reached. */
  const awaitingRoots = new Map<number, { checkpoints: Checkpoint[]; at: RecordPlace; ordinal: number }>();

  const offer = (d: Damage | undefined, ordinal: number): void => {
    if (d !== undefined && ordinal < damageOrdinal) {
      damage = d;
      damageOrdinal = ordinal;
    }
  };

  const badSignature = (checkpoint: Checkpoint, at: RecordPlace): Damage | undefined => {
    if (signature === undefined) return undefined;
    const verdict = signature(checkpoint);
    return verdict.valid ? undefined : damageAt('badSignature', at, `checkpoint at size ${checkpoint.size}: ${verdict.reason}`, checkpoint);
  };

  const checkpointFailure = (checkpoint: Checkpoint, root: string, at: RecordPlace): Damage | undefined => {
    const signatureFailure = badSignature(checkpoint, at);
    if (signatureFailure) return signatureFailure;
    if (root === checkpoint.root) return undefined;
    return damageAt(
      'inserted',
      at,
      `the Merkle root of the first ${checkpoint.size} events does not match the checkpoint of ${checkpoint.time}: an event within them was forged, added or moved`,
      checkpoint,
    );
  };

  const holdTo = (checkpoint: Checkpoint, root: string, at: RecordPlace): Damage | undefined => {
    const failure = checkpointFailure(checkpoint, root, at);
    if (failure === undefined) verified += 1;
    return failure;
  };

  /** The checkpoints of the current tree size: held now (local) or once their root comes back. */
  const reachCheckpoints = (at: RecordPlace, ordinal: number): void => {
    const reached: Checkpoint[] = [];
    for (; nextCheckpoint < checkpoints.length && (checkpoints[nextCheckpoint] as Checkpoint).size === leaves; nextCheckpoint++) reached.push(checkpoints[nextCheckpoint] as Checkpoint);
    if (reached.length === 0) return;
    if (span !== undefined) {
      snapshots.push({ size: leaves, subtrees: span.subtrees(), at: placeOf(at) });
      return;
    }
    if (outbox !== undefined) {
      awaitingRoots.set(leaves, { checkpoints: reached, at, ordinal });
      return;
    }
    const root = tree.root();
    for (const checkpoint of reached) {
      const d = holdTo(checkpoint, root, at);
      if (d) return offer(d, ordinal);
    }
  };

  /** The damage this record shows, if any; otherwise it extends its stream, the log and the tree. */
  const examine = (r: RawEventRecord, ordinal: number): Damage | undefined => {
    if (r.globalPosition <= lastGlobal) {
      return r.globalPosition === lastGlobal
        ? damageAt('inserted', r, `global position ${r.globalPosition} appears twice`)
        : damageAt('reordered', r, `global position ${r.globalPosition} comes after ${lastGlobal}`);
    }
    let stream = streams.get(r.streamId);
    if (stream === undefined) {
      stream = { next: 0, lastHash: GENESIS_HASH, lastGlobal: 0, idJson: undefined };
      if (range !== undefined) {
        // Where the stream stands before the range is for `absorb` to check: start from this record.
        stream.next = r.streamPosition;
        stream.lastHash = r.prevHash;
        opened.ids.push(r.streamId);
        opened.from.push(r.streamPosition);
        opened.fromHash.push(r.prevHash);
      }
      streams.set(r.streamId, stream);
    }
    if (outbox === undefined && digestHex(algorithm, r.prevHash + r.canonical) !== r.hash) return damageAt('altered', r, ALTERED_HASH);
    const columns = columnDisagreement(r, (stream.idJson ??= JSON.stringify(r.streamId)));
    if (columns !== undefined) return damageAt('altered', r, columns);
    if (r.streamPosition < stream.next) {
      return damageAt('inserted', r, `stream position ${r.streamPosition} appears again (the stream had reached ${stream.next - 1} at global ${stream.lastGlobal})`);
    }
    if (r.streamPosition > stream.next) {
      gap = { at: r, ordinal, from: stream.next, to: r.streamPosition };
      return undefined;
    }
    if (r.prevHash !== stream.lastHash) {
      return damageAt(
        'inserted',
        r,
        r.streamPosition === 0
          ? 'the first event of the stream does not start from the genesis hash'
          : `prevHash does not link to position ${r.streamPosition - 1} (global ${stream.lastGlobal}): this event or the one before it is not the original`,
      );
    }
    stream.next += 1;
    stream.lastHash = r.hash;
    stream.lastGlobal = r.globalPosition;
    if (firstGlobal === 0) firstGlobal = r.globalPosition;
    lastGlobal = r.globalPosition;
    last = r;
    leaves += 1;
    if (outbox === undefined) grow.append(r.hash);
    else outbox.push({ record: r, ordinal });
    if (nextCheckpoint < checkpoints.length) reachCheckpoints(r, ordinal);
    return undefined;
  };

  if (range === undefined) reachCheckpoints(NOWHERE, 0);

  return {
    /** Check the next record; false once the first damage is settled (stop reading), or a range walk found any. */
    step(r: RawEventRecord): boolean {
      if (damage !== undefined) return false;
      events += 1;
      if (gap === undefined) {
        offer(examine(r, events), events);
      } else if (r.streamId === gap.at.streamId && r.streamPosition >= gap.from && r.streamPosition < gap.to) {
        // A skipped position turning up later means its rows were swapped, not removed.
        offer(damageAt('reordered', gap.at, `position ${gap.at.streamPosition} comes before position ${r.streamPosition} (global ${r.globalPosition}) of its stream`), gap.ordinal);
      }
      return damage === undefined && (range === undefined || gap === undefined);
    },

    /** A range walk's findings (see `RangeSummary`). */
    summarize(): RangeSummary {
      const at = (i: number) => streams.get(opened.ids[i] as string) as StreamState;
      return {
        after: range?.after ?? 0,
        clean: damage === undefined && gap === undefined,
        events,
        firstGlobal,
        last: placeOf(last),
        streams: {
          ...opened,
          next: opened.ids.map((_, i) => at(i).next),
          lastHash: opened.ids.map((_, i) => at(i).lastHash),
          lastGlobal: opened.ids.map((_, i) => at(i).lastGlobal),
        },
        subtrees: span?.subtrees() ?? [],
        checkpoints: snapshots,
      };
    },

    /**
     * Take a range walked elsewhere as if its records had been stepped here, holding the
     * checkpoints it reaches; false, changing nothing, unless it is clean and continues this walk
     * exactly — its first record after the last one here, each stream from where it stands here,
     * its leaves from this tree's size (then step its records here to find what is wrong).
     */
    absorb(summary: RangeSummary): boolean {
      if (!summary.clean || damage !== undefined || gap !== undefined || outbox !== undefined) return false;
      if (summary.events === 0) return true;
      if (summary.after !== leaves || summary.firstGlobal <= lastGlobal) return false;
      const s = summary.streams;
      const known: (StreamState | undefined)[] = new Array(s.ids.length);
      for (let i = 0; i < s.ids.length; i++) {
        const stream = (known[i] = streams.get(s.ids[i] as string));
        if (s.from[i] !== (stream?.next ?? 0) || s.fromHash[i] !== (stream?.lastHash ?? GENESIS_HASH)) return false;
      }
      const end = leaves + summary.events;
      let reached = nextCheckpoint;
      for (; reached < checkpoints.length && (checkpoints[reached] as Checkpoint).size <= end; reached++) {
        const checkpoint = checkpoints[reached] as Checkpoint;
        const snapshot = summary.checkpoints.find((c) => c.size === checkpoint.size);
        if (snapshot === undefined) return false;
        const upTo = createMerkleTree(algorithm, tree.state());
        for (const { height, root } of snapshot.subtrees) upTo.appendSubtree(height, root);
        if (checkpointFailure(checkpoint, upTo.root(), snapshot.at) !== undefined) return false;
      }
      for (let i = 0; i < s.ids.length; i++) {
        const stream = known[i];
        if (stream === undefined) streams.set(s.ids[i] as string, { next: s.next[i] as number, lastHash: s.lastHash[i] as string, lastGlobal: s.lastGlobal[i] as number, idJson: undefined });
        else {
          stream.next = s.next[i] as number;
          stream.lastHash = s.lastHash[i] as string;
          stream.lastGlobal = s.lastGlobal[i] as number;
        }
      }
      for (const { height, root } of summary.subtrees) tree.appendSubtree(height, root);
      events += summary.events;
      leaves = end;
      lastGlobal = summary.last.globalPosition;
      last = summary.last;
      verified += reached - nextCheckpoint;
      nextCheckpoint = reached;
      return true;
    },

    /** From now on, hashes and leaves are computed elsewhere: the tree so far, to carry on from. */
    handOff(): MerkleTreeState {
      outbox = [];
      return tree.state();
    },

    /** Records queued for the other thread since the last call. */
    takeOutgoing(): Outgoing[] {
      const batch = outbox ?? [];
      if (outbox !== undefined) outbox = [];
      return batch;
    },

    /** Sizes of the checkpoints the other thread must give roots for. */
    pendingCheckpointSizes(): number[] {
      return [...new Set(checkpoints.slice(nextCheckpoint).map((c) => c.size))];
    },

    remoteAltered(item: Outgoing): void {
      offer(damageAt('altered', item.record, ALTERED_HASH), item.ordinal);
    },

    remoteRoots(roots: readonly { size: number; root: string }[]): void {
      for (const { size, root } of roots) {
        const awaiting = awaitingRoots.get(size);
        if (awaiting === undefined) continue;
        awaitingRoots.delete(size);
        for (const checkpoint of awaiting.checkpoints) {
          const d = holdTo(checkpoint, root, awaiting.at);
          if (d) {
            offer(d, awaiting.ordinal);
            break;
          }
        }
      }
    },

    /** Settle the walk; `remoteTree` is the other thread's tree when the walk was handed off. */
    finish({ remoteTree, threads = remoteTree === undefined ? 1 : 2 }: { remoteTree?: MerkleTreeState; threads?: number } = {}): VerifyResult {
      if (remoteTree !== undefined) tree = createMerkleTree(algorithm, remoteTree);
      if (gap !== undefined) {
        const { at, from, to, ordinal } = gap;
        const absent = to - from === 1 ? `position ${from} is` : `positions ${from}…${to - 1} are`;
        offer({ ...damageAt('missing', at, `${absent} absent: the stream jumps to ${at.streamPosition} at global ${at.globalPosition}`), streamPosition: from }, ordinal);
      }
      // Checkpoints beyond the end: a genuine one means events were removed from the end of the log.
      for (; damage === undefined && nextCheckpoint < checkpoints.length; nextCheckpoint++) {
        const checkpoint = checkpoints[nextCheckpoint] as Checkpoint;
        damage =
          badSignature(checkpoint, last) ??
          damageAt('missing', last, `the log ends after ${leaves} events; the checkpoint of ${checkpoint.time} was signed at size ${checkpoint.size}`, checkpoint);
      }
      return {
        ok: damage === undefined,
        events,
        streams: streams.size,
        lastPosition: lastGlobal,
        root: tree.root(),
        algorithm,
        checkpointsVerified: verified,
        signaturesChecked: signature !== undefined,
        threads,
        ...(damage ? { damage } : {}),
      };
    },
  };
};

export type Verifier = ReturnType<typeof createVerifier>;
