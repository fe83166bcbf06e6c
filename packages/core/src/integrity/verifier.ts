import type { RawEventRecord } from '../store/port';
import type { Checkpoint, CheckpointVerdict } from './checkpoint';
import { damageAt, NOWHERE, type Damage, type DamageKind, type RecordPlace } from './damage';
import { GENESIS_HASH, type HashAlgorithm } from './hash';
import { createMerkleSpan, createMerkleTree, type MerkleSubtree, type MerkleTreeState } from './merkle-tree';
import { digestHex } from './one-shot';

/** How often each kind of damage was found, and the first of each in global order. */
export type DamageKinds = Partial<Record<DamageKind, { count: number; first: Damage }>>;

/** The result of a walk (see `verifyLog`). */
export interface VerifyResult {
  /** No damage of any kind. */
  ok: boolean;
  /** Records read. */
  events: number;
  /** Distinct streams seen. */
  streams: number;
  /** Global position of the last record read (0 for an empty log). */
  lastPosition: number;
  /** Merkle root (RFC 6962) over the records read, in global order, hex. */
  root: string;
  algorithm: HashAlgorithm;
  /** Checkpoints whose root matched (and signature held, when a key was given). */
  checkpointsVerified: number;
  signaturesChecked: boolean;
  /**
   * Events, from the first, under the largest checkpoint whose root matched and whose signature was
   * checked with a key (0: none). Below `events`, the newest events are not anchored: a database
   * owner could have cut or rewritten them without a trace (`verify` exits 3).
   */
  anchoredThrough: number;
  /** Threads that took part: 1, or more when workers hashed or walked ranges of the log. */
  threads: number;
  /** The first damage in global order. */
  damage?: Damage;
  /** The first damages in global order (at most `maxDamages`); the walk goes on past each. */
  damages: Damage[];
  /** Every damage counted by kind, with the first of each. */
  kinds: DamageKinds;
  /** The first signed checkpoint (by size) the log no longer matches: a root that differs, or a size beyond its end. */
  lostCheckpoint?: Damage['checkpoint'];
}

interface StreamState {
  next: number;
  lastHash: string;
  lastGlobal: number;
  /** JSON text of the stream id, as it appears in the canonical envelope (made when first needed). */
  idJson: string | undefined;
}

/** Positions a stream skipped: missing unless they turn up later (then the rows were reordered). */
interface Gap {
  at: RecordPlace;
  ordinal: number;
  from: number;
  to: number;
  turnedUp: boolean;
}

/** A record whose chain hash and tree leaf are left to another thread, with its place in the walk. */
export interface Outgoing {
  record: RawEventRecord;
  ordinal: number;
}

// Sorted keys (RFC 8785 §3.2.3) put eventId, occurredAt, prevHash, streamId, streamPosition and type
// after `data`, and only strings and numbers follow it, so the LAST occurrence of each key is the
// envelope's own: a key inside a string value would have its quotes escaped. `type` sorts last of
// all. Stored bytes are searched, never parsed.
const fieldValueAt = (canonical: string, key: string): number => {
  const at = canonical.lastIndexOf(key);
  return at < 0 ? -1 : at + key.length;
};
const followedBy = (text: string, at: number, value: string, ends: string): boolean =>
  at >= 0 && text.startsWith(value, at) && ends.includes(text.charAt(at + value.length));

export const ALTERED_HASH = 'stored hash ≠ H(prevHash ‖ stored canonical text): the event was changed after it was sealed';

/**
 * Why a record's columns disagree with its hashed text, or undefined: the stream, position and
 * prevHash every store keeps, and the columns some stores keep for their readers (type for
 * filtered reads, event id for duplicate checks, occurredAt for the stream's time order).
 */
const columnDisagreement = (r: RawEventRecord, idJson: string): string | undefined => {
  const c = r.canonical;
  if (!followedBy(c, fieldValueAt(c, '"streamId":'), idJson, ',}')) return `the hashed text does not name stream ${r.streamId}`;
  if (!followedBy(c, fieldValueAt(c, '"streamPosition":'), String(r.streamPosition), ',}')) return `the hashed text does not name stream position ${r.streamPosition}`;
  if (!followedBy(c, fieldValueAt(c, '"prevHash":"'), r.prevHash, '"')) return 'the hashed text carries another prevHash than the record';
  if (r.type !== undefined && !endsWithType(c, r.type)) return `the type column (${r.type}) is not the hashed type`;
  if (r.eventId !== undefined && !holdsString(c, '"eventId":', r.eventId, ',')) return `the event id column (${r.eventId}) is not the hashed event id`;
  if (r.occurredAt !== undefined && !holdsString(c, '"occurredAt":', r.occurredAt, ',')) return `the occurred-at column (${r.occurredAt}) is not the hashed occurredAt`;
  return undefined;
};

/** Does the hashed text end with this type (RFC 8785 sorts `type` last)? Compared in place when plain, else as JSON. */
const endsWithType = (c: string, type: string): boolean => {
  if (!type.includes('"') && !type.includes('\\') && c.endsWith('"}') && c.startsWith(type, c.length - 2 - type.length) && c.startsWith(',"type":"', c.length - 11 - type.length)) return true;
  return c.endsWith(`,"type":${JSON.stringify(type)}}`);
};

/**
 * Does the hashed text give `key` (the envelope's own, see `fieldValueAt`) this string value,
 * followed by `end`? A value without quotes or backslashes is compared in place (the common case,
 * no allocation); any other, or one that does not match in place (control characters are escaped
 * in JSON), is compared through its JSON form.
 */
const holdsString = (c: string, key: string, value: string, end: string): boolean => {
  const at = fieldValueAt(c, key);
  if (at < 0) return false;
  const close = at + 1 + value.length;
  if (!value.includes('"') && !value.includes('\\') && c.charCodeAt(at) === 34 && c.charCodeAt(close) === 34 && c.startsWith(value, at + 1) && c.charAt(close + 1) === end) return true;
  return followedBy(c, at, JSON.stringify(value), end);
};

export interface VerifierSetup {
  algorithm: HashAlgorithm;
  /** Sorted by size. */
  checkpoints: readonly Checkpoint[];
  /** Checks a checkpoint's signature (under the key given); without it roots are compared unsigned. */
  signature: ((checkpoint: Checkpoint) => CheckpointVerdict) | undefined;
  /** The store numbers its log 1, 2, 3… without holes (SQLite, memory): a hole is a deleted row. */
  denseGlobalPositions: boolean;
  /** Damages listed in the result (all are counted); default 100. */
  maxDamages?: number;
}

export const DEFAULT_MAX_DAMAGES = 100;

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

/** Which check found a damage: damages of one record are listed in this order, whichever thread found them. */
const GLOBAL = 0;
const HASH = 1;
const COLUMNS = 2;
const STREAM = 3;
const CHECKPOINT = 4;

interface Found {
  damage: Damage;
  ordinal: number;
  rank: number;
}

const before = (a: Found, b: Found): number => a.ordinal - b.ordinal || a.rank - b.rank;

/** Every damage reported, counted by kind; the first `limit` in global order kept to list. */
const createDamageLog = (limit: number) => {
  let found: Found[] = [];
  const kinds = new Map<DamageKind, { count: number; first: Found }>();
  const trim = () => {
    found.sort(before);
    found = found.slice(0, limit);
  };
  return {
    report(damage: Damage, ordinal: number, rank: number): void {
      const item = { damage, ordinal, rank };
      const kind = kinds.get(damage.kind);
      if (kind === undefined) kinds.set(damage.kind, { count: 1, first: item });
      else {
        kind.count += 1;
        if (before(item, kind.first) < 0) kind.first = item;
      }
      found.push(item);
      if (found.length > 2 * limit) trim();
    },
    get any(): boolean {
      return kinds.size > 0;
    },
    settle(): { damages: Damage[]; kinds: DamageKinds } {
      trim();
      const byKind: DamageKinds = {};
      for (const [kind, { count, first }] of [...kinds].sort((a, b) => before(a[1].first, b[1].first))) byKind[kind] = { count, first: first.damage };
      return { damages: found.map((f) => f.damage), kinds: byKind };
    },
  };
};

/**
 * The walk, one record at a time. Locally it hashes each record and grows the Merkle tree itself;
 * after `handOff` it keeps the cheap checks (order, positions, links, columns) and queues the
 * records whose hash and leaf another thread computes, whose findings come back through
 * `remoteAltered` / `remoteRoots`. Every record joins the tree (the tree is the log as stored) and
 * the walk goes on past each damage, resuming each stream from the record at hand, so one changed
 * row is one damage and later damage is still found. Damages carry the ordinal of their record, so
 * the list is in global order whichever thread found them. Given a `range`, it walks that range
 * alone, stops at its first damage, and `summarize`s it for a walk of the whole log to `absorb`.
 */
export const createVerifier = ({ algorithm, checkpoints, signature, denseGlobalPositions, maxDamages = DEFAULT_MAX_DAMAGES }: VerifierSetup, range?: { after: number }) => {
  let tree = createMerkleTree(algorithm);
  const span = range === undefined ? undefined : createMerkleSpan(algorithm, range.after);
  const grow = span ?? tree;
  const streams = new Map<string, StreamState>();
  const gaps = new Map<string, Gap[]>();
  const log = createDamageLog(maxDamages);
  let events = 0;
  let leaves = range?.after ?? 0;
  let firstGlobal = 0;
  let lastGlobal = range?.after ?? 0;
  let last: RecordPlace = NOWHERE;
  let verified = 0;
  let anchoredThrough = 0;
  let lostCheckpoint: Damage['checkpoint'];
  let nextCheckpoint = range === undefined ? 0 : checkpoints.filter((c) => c.size <= range.after).length;
  /** In a range walk: the streams first seen there, and the position and prevHash each starts from. */
  const opened = { ids: [] as string[], from: [] as number[], fromHash: [] as string[] };
  const snapshots: RangeSummary['checkpoints'] = [];
  let outbox: Outgoing[] | undefined;
  /** Checkpoints the remote tree reaches: where (record and ordinal) their size is reached. */
  const awaitingRoots = new Map<number, { checkpoints: Checkpoint[]; at: RecordPlace; ordinal: number }>();

  const report = (d: Damage, ordinal: number, rank: number): void => {
    if (d.checkpoint !== undefined && d.kind !== 'badSignature' && (lostCheckpoint === undefined || d.checkpoint.size < lostCheckpoint.size)) lostCheckpoint = d.checkpoint;
    log.report(d, ordinal, rank);
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
      `the Merkle root of the first ${checkpoint.size} events does not match the checkpoint of ${checkpoint.time}: an event within them was forged, added, removed or moved`,
      checkpoint,
    );
  };

  const held = (checkpoint: Checkpoint): void => {
    verified += 1;
    if (signature !== undefined) anchoredThrough = Math.max(anchoredThrough, checkpoint.size);
  };

  const holdTo = (checkpoint: Checkpoint, root: string, at: RecordPlace, ordinal: number): void => {
    const failure = checkpointFailure(checkpoint, root, at);
    if (failure === undefined) held(checkpoint);
    else report(failure, ordinal, CHECKPOINT);
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
    for (const checkpoint of reached) holdTo(checkpoint, root, at, ordinal);
  };

  /** A position below the stream's next: one it skipped earlier (reordered rows), else a copy. */
  const seenAgain = (r: RawEventRecord, stream: StreamState, ordinal: number): void => {
    const gap = gaps.get(r.streamId)?.find((g) => r.streamPosition >= g.from && r.streamPosition < g.to);
    if (gap === undefined) {
      report(damageAt('inserted', r, `stream position ${r.streamPosition} appears again (the stream had reached ${stream.next - 1} at global ${stream.lastGlobal})`), ordinal, STREAM);
    } else if (!gap.turnedUp) {
      gap.turnedUp = true;
      report(damageAt('reordered', gap.at, `position ${gap.at.streamPosition} comes before position ${r.streamPosition} (global ${r.globalPosition}) of its stream`), gap.ordinal, STREAM);
    }
  };

  /** Check one record, report what is wrong with it, and extend its stream, the log and the tree. */
  const examine = (r: RawEventRecord, ordinal: number): void => {
    if (r.globalPosition <= lastGlobal) {
      report(
        r.globalPosition === lastGlobal
          ? damageAt('inserted', r, `global position ${r.globalPosition} appears twice`)
          : damageAt('reordered', r, `global position ${r.globalPosition} comes after ${lastGlobal}`),
        ordinal,
        GLOBAL,
      );
    } else if (denseGlobalPositions && r.globalPosition !== lastGlobal + 1) {
      const from = lastGlobal + 1;
      const absent = r.globalPosition - from === 1 ? `global position ${from} is` : `global positions ${from}…${r.globalPosition - 1} are`;
      report(damageAt('missing', r, `${absent} absent: the store numbers its log without holes, so rows were deleted`), ordinal, GLOBAL);
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
    if (outbox === undefined && digestHex(algorithm, r.prevHash + r.canonical) !== r.hash) report(damageAt('altered', r, ALTERED_HASH), ordinal, HASH);
    const columns = columnDisagreement(r, (stream.idJson ??= JSON.stringify(r.streamId)));
    if (columns !== undefined) report(damageAt('altered', r, columns), ordinal, COLUMNS);
    if (r.streamPosition < stream.next) {
      seenAgain(r, stream, ordinal);
    } else {
      if (r.streamPosition > stream.next) {
        const gap: Gap = { at: placeOf(r), ordinal, from: stream.next, to: r.streamPosition, turnedUp: false };
        const known = gaps.get(r.streamId);
        if (known === undefined) gaps.set(r.streamId, [gap]);
        else known.push(gap);
      } else if (r.prevHash !== stream.lastHash) {
        report(
          damageAt(
            'inserted',
            r,
            r.streamPosition === 0
              ? 'the first event of the stream does not start from the genesis hash'
              : `prevHash does not link to position ${r.streamPosition - 1} (global ${stream.lastGlobal}): this event or the one before it is not the original`,
          ),
          ordinal,
          STREAM,
        );
      }
      // The stream goes on from this record, whatever was wrong before it.
      stream.next = r.streamPosition + 1;
      stream.lastHash = r.hash;
      stream.lastGlobal = r.globalPosition;
    }
    if (firstGlobal === 0) firstGlobal = r.globalPosition;
    if (r.globalPosition > lastGlobal) lastGlobal = r.globalPosition;
    last = r;
    leaves += 1;
    if (outbox === undefined) grow.append(r.hash);
    else outbox.push({ record: r, ordinal });
    if (nextCheckpoint < checkpoints.length) reachCheckpoints(r, ordinal);
  };

  const clean = (): boolean => !log.any && gaps.size === 0;

  if (range === undefined) reachCheckpoints(NOWHERE, 0);

  return {
    /** Check the next record; false once a range walk finds damage (the walk of the whole log goes on). */
    step(r: RawEventRecord): boolean {
      events += 1;
      examine(r, events);
      return range === undefined || clean();
    },

    /** A range walk's findings (see `RangeSummary`). */
    summarize(): RangeSummary {
      const at = (i: number) => streams.get(opened.ids[i] as string) as StreamState;
      return {
        after: range?.after ?? 0,
        clean: clean(),
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
     * exactly — its first record right after the last one here, each stream from where it stands
     * here, its leaves from this tree's size (then step its records here to find what is wrong).
     */
    absorb(summary: RangeSummary): boolean {
      if (!summary.clean || !clean() || outbox !== undefined) return false;
      if (summary.events === 0) return true;
      if (summary.after !== leaves || summary.firstGlobal <= lastGlobal) return false;
      if (denseGlobalPositions && summary.firstGlobal !== lastGlobal + 1) return false;
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
      for (let i = nextCheckpoint; i < reached; i++) held(checkpoints[i] as Checkpoint);
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
      report(damageAt('altered', item.record, ALTERED_HASH), item.ordinal, HASH);
    },

    remoteRoots(roots: readonly { size: number; root: string }[]): void {
      for (const { size, root } of roots) {
        const awaiting = awaitingRoots.get(size);
        if (awaiting === undefined) continue;
        awaitingRoots.delete(size);
        for (const checkpoint of awaiting.checkpoints) holdTo(checkpoint, root, awaiting.at, awaiting.ordinal);
      }
    },

    /** Settle the walk; `remoteTree` is the other thread's tree when the walk was handed off. */
    finish({ remoteTree, threads = remoteTree === undefined ? 1 : 2 }: { remoteTree?: MerkleTreeState; threads?: number } = {}): VerifyResult {
      if (remoteTree !== undefined) tree = createMerkleTree(algorithm, remoteTree);
      for (const streamGaps of gaps.values()) {
        for (const { at, from, to, ordinal, turnedUp } of streamGaps) {
          if (turnedUp) continue;
          const absent = to - from === 1 ? `position ${from} is` : `positions ${from}…${to - 1} are`;
          report({ ...damageAt('missing', at, `${absent} absent: the stream jumps to ${at.streamPosition} at global ${at.globalPosition}`), streamPosition: from }, ordinal, STREAM);
        }
      }
      // Checkpoints beyond the end: a genuine one means events were removed from the end of the log.
      for (; nextCheckpoint < checkpoints.length; nextCheckpoint++) {
        const checkpoint = checkpoints[nextCheckpoint] as Checkpoint;
        const d =
          badSignature(checkpoint, last) ??
          damageAt('missing', last, `the log ends after ${leaves} events; the checkpoint of ${checkpoint.time} was signed at size ${checkpoint.size}`, checkpoint);
        report(d, events + 1, CHECKPOINT);
      }
      const { damages, kinds } = log.settle();
      return {
        ok: damages.length === 0,
        events,
        streams: streams.size,
        lastPosition: lastGlobal,
        root: tree.root(),
        algorithm,
        checkpointsVerified: verified,
        signaturesChecked: signature !== undefined,
        anchoredThrough,
        threads,
        ...(damages[0] ? { damage: damages[0] } : {}),
        damages,
        kinds,
        ...(lostCheckpoint ? { lostCheckpoint } : {}),
      };
    },
  };
};

export type Verifier = ReturnType<typeof createVerifier>;
