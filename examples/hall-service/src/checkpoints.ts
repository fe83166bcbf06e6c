import {
  createCheckpointSigner,
  publishCheckpoint,
  type Checkpoint,
  type CheckpointDestination,
  type CheckpointStore,
  type EventStore,
  type HashAlgorithm,
} from '@banjian/core';
import type { KeyObject } from 'node:crypto';

/** Signing and publishing a Merkle checkpoint 签名检查点 of the log on a schedule. */
export interface CheckpointSchedule {
  /** Ed25519 private key (PEM or KeyObject) the checkpoints are signed with. */
  readonly privateKey: KeyObject | string;
  /** Where each checkpoint goes, out of the database owner's reach (a folder on another machine's mount, a URL). */
  readonly to: readonly CheckpointDestination[];
  /** @defaultValue 3 600 000 (hourly) */
  readonly everyMs?: number;
  /** Told of each checkpoint, or of why none was made (a damaged log, a destination that refused). @defaultValue logs failures to stderr */
  readonly onResult?: (result: { checkpoint: Checkpoint; published: readonly string[] } | { error: Error }) => void;
}

/**
 * Runs `publishCheckpoint` every `everyMs` over the service's store (one at a time: a slow run is
 * not overlapped). `stop()` clears the timer and waits for a run in flight.
 */
export const scheduleCheckpoints = (store: EventStore & { hashAlgorithm?: HashAlgorithm; checkpoints?: CheckpointStore }, schedule: CheckpointSchedule) => {
  const signer = createCheckpointSigner({ privateKey: schedule.privateKey, ...(store.hashAlgorithm ? { algorithm: store.hashAlgorithm } : {}) });
  const report = schedule.onResult ?? ((r) => 'error' in r && console.error(`checkpoint not published: ${r.error.message}`));
  let running: Promise<void> | undefined;
  const run = (): Promise<void> => {
    running ??= publishCheckpoint({ store, signer, to: schedule.to })
      .then((result) => report(result), (error: unknown) => report({ error: error as Error }))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void run(), schedule.everyMs ?? 3_600_000);
  timer.unref();
  return {
    /** Publishes one now (besides the schedule). */
    runNow: run,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
