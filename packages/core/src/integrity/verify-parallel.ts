import { setImmediate as nextTurn } from 'node:timers/promises';
import { startModuleWorker } from '../worker/start';
import type { RawEventRecord } from '../store/port';
import type { MerkleTreeState } from './merkle-tree';
import { createVerifier, type Outgoing, type VerifierSetup, type VerifyResult } from './verifier';
import type { FromWorker, ToWorker } from './verify-worker';

/** Records per message to the worker, and how many messages may wait unanswered. */
const BATCH = 4096;
const MAX_IN_FLIGHT = 8;

/**
 * verifyLog on two cores. This thread reads and runs the cheap checks from the first record; once
 * the worker has started it hands over the Merkle tree so far, and from then on sends each batch
 * of checked records for the worker to hash and add to the tree. Findings of both come back with
 * the ordinal of their record, so the report is the same as a one-thread walk.
 */
export const verifyInParallel = async (
  records: AsyncIterable<RawEventRecord> | Iterable<RawEventRecord>,
  setup: VerifierSetup,
  { waitForWorker = false }: { waitForWorker?: boolean } = {},
): Promise<VerifyResult> => {
  const verifier = createVerifier(setup);
  const worker = startModuleWorker(new URL('./verify-worker.ts', import.meta.url));
  let ready = false;
  let handedOff = false;
  let failure: unknown;
  const inFlight: Outgoing[][] = [];
  let wake: () => void = () => {};
  let finalTree: MerkleTreeState | undefined;

  const send = (message: ToWorker) => worker?.postMessage(message);
  worker?.on('message', (message: FromWorker) => {
    if (message.kind === 'ready') ready = true;
    else if (message.kind === 'batch') {
      const batch = inFlight.shift() as Outgoing[];
      for (const index of message.altered) verifier.remoteAltered(batch[index] as Outgoing);
      verifier.remoteRoots(message.roots);
    } else finalTree = message.tree;
    wake();
  });
  worker?.on('error', (error) => {
    failure = error;
    wake();
  });
  const answered = (done: () => boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const check = () => (failure !== undefined && handedOff ? reject(failure) : done() ? resolve() : (wake = check));
      check();
    });

  /** Every batch: let the worker's messages in, hand over once it is ready, send what is checked. */
  const flush = async () => {
    await nextTurn();
    if (!handedOff) {
      if (!ready || failure !== undefined) return;
      const tree = verifier.handOff();
      send({ kind: 'start', algorithm: setup.algorithm, tree, checkpointSizes: verifier.pendingCheckpointSizes() });
      handedOff = true;
      return;
    }
    const batch = verifier.takeOutgoing();
    if (batch.length > 0) {
      inFlight.push(batch);
      send({ kind: 'batch', texts: batch.map((o) => o.record.prevHash + o.record.canonical), hashes: batch.map((o) => o.record.hash) });
    }
    if (inFlight.length > MAX_IN_FLIGHT) await answered(() => inFlight.length <= MAX_IN_FLIGHT / 2);
  };

  try {
    // Tests hand over from the first batch, so the two-thread path is what they check.
    if (waitForWorker && worker) await new Promise<void>((resolve) => (wake = () => (ready || failure !== undefined ? resolve() : undefined)));
    let count = 0;
    const iterator = Symbol.iterator in records ? (records as Iterable<RawEventRecord>)[Symbol.iterator]() : undefined;
    if (iterator) {
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        verifier.step(next.value);
        if (++count % BATCH === 0) await flush();
      }
    } else {
      for await (const r of records as AsyncIterable<RawEventRecord>) {
        verifier.step(r);
        if (++count % BATCH === 0) await flush();
      }
    }
    if (!handedOff) return verifier.finish();
    await flush();
    send({ kind: 'end' });
    await answered(() => finalTree !== undefined);
    return verifier.finish({ remoteTree: finalTree });
  } finally {
    await worker?.terminate();
  }
};
