import { DEFAULT_STORE_URL, openStore, readModelDatabaseOf, StoreUrlError } from '@banjian/adapters';
import { CASE_INDEX_NAME, FIGURE_FACTS_NAME, readModelStatus } from '@banjian/projections';
import {
  chainAlgorithmOf,
  checkpointsRemovedFromStore,
  DEFAULT_MAX_DAMAGES,
  describeDamage,
  EventLogFileError,
  hasDenseGlobalPositions,
  InvalidCheckpointError,
  LineTooLongError,
  loadPublicKey,
  publicKeyFromEnv,
  rawLogOf,
  rawRecordsOfLines,
  readLines,
  SigningKeyError,
  UnreadableLineError,
  verifyLog,
  VerifyOptionsError,
  withDamages,
  type Checkpoint,
  type Damage,
  type CheckpointStore,
  type EventStore,
  type HashAlgorithm,
  type RawEventRecord,
  type RawRangeSource,
  type VerifyResult,
} from '@banjian/core';
import type { KeyObject } from 'node:crypto';
import { readPublishedCheckpoints } from './checkpoint-files';
import { stringOption, UsageError, type Command } from './command';

const USAGE = `usage: banjian verify [--store URL] [--json] [--checkpoints FILE|DIR] [--public-key PEM|path] [--algorithm sha256|sm3]

  Walks the whole log in global order: every event's hash over its stored bytes, the stored columns
  readers use (stream, positions, type, event id, occurredAt) against the hashed text, stream
  positions and chain links, holes in global positions (SQLite, memory), and the Merkle root at
  each signed checkpoint. It goes on past each damage and lists the first ${DEFAULT_MAX_DAMAGES} (count and first of
  each kind: altered, missing, reordered, inserted, badSignature).

  exit 0  intact, and every event is under a checkpoint whose signature was checked with the key
  exit 1  damaged (or a published checkpoint the log or the store no longer holds)
  exit 2  unusable input: a store, file, key or checkpoint file that cannot be read (one line)
  exit 3  intact as far as the log shows, but the newest events (or all) are not under a signed
          checkpoint checked with a key: a database owner could have cut or rewritten them

  --store        store URL (default ${DEFAULT_STORE_URL}); file:<path>.ndjson verifies an exported log
  --checkpoints  signed checkpoints kept outside the database: a file (JSON array or one per line) or a
                 folder of them (banjian checkpoint --out DIR); checked beside the store's own
  --public-key   Ed25519 public key (PEM text or path; default BANJIAN_PUBLIC_KEY, else the public half
                 of BANJIAN_SIGNING_KEY); without one, checkpoint roots are compared but nothing is anchored
  --algorithm    the chain hash (default: the store's, or detected from an exported file, else sha256)
  --json         print the result as JSON

  The read models in the store's database (case index, figure facts: what banjian report and the
  case queries read) are folded from the log, not part of it: verify does not cover them, and a
  database owner can edit their rows. banjian project --check compares them with the log.`;

type Source = {
  records: AsyncIterable<RawEventRecord> | RawRangeSource;
  algorithm?: HashAlgorithm;
  checkpoints?: CheckpointStore;
  denseGlobalPositions: boolean;
  /** The read model versions in the store's database (none for a file or a store without one). */
  readModels(): Promise<string[]>;
  close(): Promise<void>;
};

const ALGORITHMS: readonly string[] = ['sha256', 'sm3'];

/** `file:<path>`, `file://./rel` or `file:///abs`: the path as written. */
const filePath = (url: string): string => url.slice('file:'.length).replace(/^\/\/(?=\/|\.)/, '');

/** The first record of an exported file decides its algorithm (a damaged one falls back to SHA-256). */
const detectFileAlgorithm = async (path: string): Promise<HashAlgorithm | undefined> => {
  for await (const r of rawRecordsOfLines(readLines(path))) return chainAlgorithmOf(r.prevHash, r.canonical, r.hash);
  return undefined;
};

/**
 * An exported file is read line by line without validation — verify must be able to read a damaged
 * file to say what is wrong with it; opening it as a `file:` store would refuse it.
 */
const openFile = async (path: string): Promise<Source> => ({
  records: rawRecordsOfLines(readLines(path)),
  algorithm: await detectFileAlgorithm(path),
  // An export keeps its store's positions, and a PostgreSQL store's may skip.
  denseGlobalPositions: false,
  readModels: async () => [],
  close: async () => {},
});

const openSource = async (url: string): Promise<Source> => {
  if (url.startsWith('file:')) return openFile(filePath(url));
  const store = (await openStore(url, { create: false })) as EventStore & { hashAlgorithm?: HashAlgorithm; checkpoints?: CheckpointStore };
  return {
    // A store each thread can read by range itself (a SQLite file) is verified on every core.
    records: rawLogOf(store),
    algorithm: store.hashAlgorithm,
    checkpoints: store.checkpoints,
    denseGlobalPositions: hasDenseGlobalPositions(store),
    async readModels() {
      const db = readModelDatabaseOf(store);
      if (!db) return [];
      try {
        const versions = [...(await readModelStatus(db, CASE_INDEX_NAME)), ...(await readModelStatus(db, FIGURE_FACTS_NAME))];
        return versions.map((m) => `${m.name}@${m.version}`);
      } finally {
        await db.close();
      }
    },
    close: () => store.close(),
  };
};

const publicKeyOf = (given: string | undefined): KeyObject | undefined => (given === undefined ? publicKeyFromEnv() : loadPublicKey(given));

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Exit 3: nothing went wrong that the log shows, but its newest events are not anchored. */
const unanchored = (r: VerifyResult): boolean => r.ok && r.anchoredThrough < r.events;

const anchoring = (r: VerifyResult): string => {
  if (!unanchored(r)) return r.events === 0 ? '' : `; all under checkpoints checked with the key (${plural(r.checkpointsVerified, 'checkpoint')})`;
  if (r.checkpointsVerified > 0 && !r.signaturesChecked) return `; NOT ANCHORED: ${plural(r.checkpointsVerified, 'checkpoint')} matched but no public key was given to check their signatures`;
  if (r.anchoredThrough === 0) return '; NOT ANCHORED: no signed checkpoint covers the log (banjian checkpoint)';
  return `; NOT ANCHORED: the newest ${plural(r.events - r.anchoredThrough, 'event')} (after ${r.anchoredThrough}) are under no signed checkpoint`;
};

const summary = (r: VerifyResult): string =>
  `intact: ${r.events} events in ${r.streams} streams, last global position ${r.lastPosition}, Merkle root ${r.root} (${r.algorithm})${anchoring(r)}`;

const damageReport = (r: VerifyResult, fileOf: (c: Damage['checkpoint']) => string | undefined): string => {
  const counts = Object.entries(r.kinds)
    .map(([kind, k]) => `${kind} ${k?.count}`)
    .join(', ');
  const total = Object.values(r.kinds).reduce((n, k) => n + (k?.count ?? 0), 0);
  const lines = [`damaged: ${plural(total, 'damage')} (${counts}) in ${r.events} events; the first ${r.damages.length}:`, ...r.damages.map((d) => `  ${describeDamage(d)}`)];
  if (r.lostCheckpoint) {
    const file = fileOf(r.lostCheckpoint);
    lines.push(`first checkpoint the log no longer contains: size ${r.lostCheckpoint.size} of ${r.lostCheckpoint.time}${file ? ` (${file})` : ''}`);
  }
  return lines.join('\n');
};

/** Errors that mean the input cannot be verified at all: exit 2 with their one-line reason. */
const unusable = (error: unknown): boolean =>
  error instanceof StoreUrlError ||
  error instanceof EventLogFileError ||
  error instanceof UnreadableLineError ||
  error instanceof SigningKeyError ||
  error instanceof VerifyOptionsError ||
  error instanceof InvalidCheckpointError ||
  error instanceof LineTooLongError ||
  error instanceof SyntaxError ||
  (error as NodeJS.ErrnoException).code === 'ENOENT' ||
  (error as NodeJS.ErrnoException).code === 'EACCES' ||
  (error as NodeJS.ErrnoException).code === 'EISDIR';

export const verifyCommand: Command = {
  name: 'verify',
  usage: USAGE,
  options: { json: { type: 'boolean' }, checkpoints: { type: 'string' }, 'public-key': { type: 'string' }, algorithm: { type: 'string' } },
  run: async ({ values, io }) => {
    const algorithmOption = stringOption(values, 'algorithm');
    if (algorithmOption !== undefined && !ALGORITHMS.includes(algorithmOption)) throw new UsageError(`--algorithm must be sha256 or sm3, not "${algorithmOption}"`);
    const checkpointsPath = stringOption(values, 'checkpoints');
    const published = checkpointsPath === undefined ? [] : readPublishedCheckpoints(checkpointsPath);
    let source: Source | undefined;
    try {
      const publicKey = publicKeyOf(stringOption(values, 'public-key'));
      source = await openSource(stringOption(values, 'store') ?? DEFAULT_STORE_URL);
      let stored: Checkpoint[] | undefined;
      try {
        stored = await source.checkpoints?.list();
      } catch (error) {
        throw new UsageError(`the store's checkpoints cannot be read: ${(error as Error).message}`);
      }
      // Published and stored copies of one checkpoint are one checkpoint.
      const bySignature = new Map<string, Checkpoint>();
      for (const c of [...published.map((p) => p.checkpoint), ...(stored ?? [])]) bySignature.set(c.signature, c);
      const algorithm = (algorithmOption as HashAlgorithm | undefined) ?? source.algorithm;
      // Every core: by ranges each thread reads itself, else a worker takes over the hashing once it has started.
      const walked = await verifyLog(source.records, {
        ...(algorithm ? { algorithm } : {}),
        checkpoints: [...bySignature.values()],
        ...(publicKey ? { publicKey } : {}),
        denseGlobalPositions: source.denseGlobalPositions,
        parallel: true,
      });
      const result = stored === undefined ? walked : withDamages(walked, checkpointsRemovedFromStore(published.map((p) => p.checkpoint), stored));
      const fileOf = (c: Damage['checkpoint']) => published.find((p) => p.checkpoint.size === c?.size && p.checkpoint.time === c.time)?.file;
      if (values.json) io.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        io.stdout.write(`${result.ok ? summary(result) : damageReport(result, fileOf)}\n`);
        const readModels = await source.readModels();
        if (readModels.length > 0) io.stdout.write(`not covered: the read models ${readModels.join(', ')} in the store's database (banjian project --check compares them with the log)\n`);
      }
      return !result.ok ? 1 : unanchored(result) ? 3 : 0;
    } catch (error) {
      if (unusable(error)) throw new UsageError((error as Error).message);
      throw error;
    } finally {
      await source?.close();
    }
  },
};
