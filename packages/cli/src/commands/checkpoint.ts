import { statSync } from 'node:fs';
import { DEFAULT_STORE_URL, openStore, StoreUrlError } from '@banjian/adapters';
import {
  createCheckpointSigner,
  publishCheckpoint,
  PublishCheckpointError,
  signingKeyFromEnv,
  SigningKeyError,
  type CheckpointDestination,
  type CheckpointStore,
  type EventStore,
  type HashAlgorithm,
} from '@banjian/core';
import { stringOption, UsageError, type Command } from './command';

const USAGE = `usage: banjian checkpoint [--store URL] --key PEM|path (--out FILE|DIR | --stdout | --post URL)... [--json]

  Verifies the log, signs its Merkle root at its current size (Ed25519) and publishes the signed
  checkpoint where the database owner cannot reach it; a copy is also kept in the store. Later,
  banjian verify --checkpoints DIR --public-key K proves the log against every one published.

  exit 0  signed and published; 1  the log is damaged (nothing signed); 2  unusable input (store,
  key, or a destination that cannot be written or refused the checkpoint)

  --store   store URL (default ${DEFAULT_STORE_URL})
  --key     Ed25519 private key (PEM text or path; default BANJIAN_SIGNING_KEY)
  --out     a folder (a new file checkpoint-<size>-<time>.json each time) or a file (one line appended)
  --stdout  print the checkpoint as one JSON line (for a ticketing system or a mail)
  --post    POST the checkpoint as JSON to this URL (a 2xx answer is required)
  --json    print {checkpoint, published} instead of a sentence`;

const destinationOf = (out: string): CheckpointDestination => {
  let isDir = out.endsWith('/');
  try {
    isDir ||= statSync(out).isDirectory();
  } catch {
    // Not there yet: a file, unless the path ends with a slash.
  }
  return isDir ? { dir: out } : { file: out };
};

export const checkpointCommand: Command = {
  name: 'checkpoint',
  usage: USAGE,
  options: { key: { type: 'string' }, out: { type: 'string' }, stdout: { type: 'boolean' }, post: { type: 'string' }, json: { type: 'boolean' } },
  run: async ({ values, io }) => {
    const out = stringOption(values, 'out');
    const post = stringOption(values, 'post');
    const to: CheckpointDestination[] = [
      ...(out === undefined ? [] : [destinationOf(out)]),
      ...(values.stdout ? [{ write: (line: string) => io.stdout.write(line) }] : []),
      ...(post === undefined ? [] : [{ url: post }]),
    ];
    if (to.length === 0) throw new UsageError('say where to publish: --out FILE|DIR, --stdout or --post URL (a checkpoint only the database keeps proves nothing against its owner)');
    if (values.stdout && values.json) throw new UsageError('--stdout prints the checkpoint itself; drop --json');
    let store: (EventStore & { hashAlgorithm?: HashAlgorithm; checkpoints?: CheckpointStore }) | undefined;
    try {
      const key = stringOption(values, 'key');
      const privateKey = key ?? signingKeyFromEnv();
      if (privateKey === undefined) throw new UsageError('--key is required (or set BANJIAN_SIGNING_KEY)');
      store = await openStore(stringOption(values, 'store') ?? DEFAULT_STORE_URL, { create: false });
      const signer = createCheckpointSigner({ privateKey, ...(store.hashAlgorithm ? { algorithm: store.hashAlgorithm } : {}) });
      const { checkpoint, published } = await publishCheckpoint({ store, signer, to });
      if (values.json) io.stdout.write(`${JSON.stringify({ checkpoint, published })}\n`);
      else if (!values.stdout) io.stdout.write(`signed checkpoint at size ${checkpoint.size}, root ${checkpoint.root} (${checkpoint.algorithm}, key ${checkpoint.keyId}): ${published.join(', ')}\n`);
      return 0;
    } catch (error) {
      if (error instanceof PublishCheckpointError && error.kind === 'damagedLog') {
        io.stderr.write(`banjian checkpoint: ${error.message}\n`);
        return 1;
      }
      if (error instanceof PublishCheckpointError || error instanceof SigningKeyError || error instanceof StoreUrlError) throw new UsageError(error.message);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EEXIST' || code === 'EISDIR') throw new UsageError((error as Error).message);
      throw error;
    } finally {
      await store?.close();
    }
  },
};
