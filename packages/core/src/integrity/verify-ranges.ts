import { availableParallelism } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import type { RawRangeLocation, RawRangeReader } from '../store/port';
import { startModuleWorker } from '../worker/start';
import { openRangeReader, rangesOf, shareRanges, type Ranges, type SharedRanges } from './range-walk';
import { createVerifier, type RangeSummary, type Verifier, type VerifierSetup, type VerifyResult } from './verifier';
import type { FromRangeWorker, RangeWorkerData } from './verify-range-worker';

export interface RangedOptions {
  /** Global positions per range (default 16,384): each thread claims the next range when it is free. */
  size?: number;
  /** Worker threads beside this one (default: one per other core). */
  workers?: number;
  /** Claim ranges here only once each worker has claimed its first (tests: every thread takes part, even on a small log). */
  waitForWorkers?: boolean;
}

const RANGE_SIZE = 16_384;

/**
 * Walk the ranges on this thread and the workers, joining their summaries in global order as they
 * come. Returns where a one-thread walk must take over: the start of the first range that does not
 * join (damage in or at the edge of it, found and named exactly by that walk), else the end.
 */
const walkShared = async (
  verifier: Verifier,
  reader: RawRangeReader,
  shared: SharedRanges,
  ranges: Ranges,
  data: RangeWorkerData,
  setup: VerifierSetup,
  { workers, waitForWorkers }: { workers: number; waitForWorkers: boolean },
): Promise<{ from: number; threads: number }> => {
  const summaries = new Map<number, RangeSummary>();
  let joined = 0;
  let broken = false;
  const take = (index: number, summary: RangeSummary) => {
    summaries.set(index, summary);
    for (let next = summaries.get(joined); !broken && next !== undefined; next = summaries.get(joined)) {
      summaries.delete(joined);
      if (verifier.absorb(next)) joined += 1;
      else broken = true;
    }
  };

  const started = Array.from({ length: workers }, () => startModuleWorker(new URL('./verify-range-worker.ts', import.meta.url), { workerData: data })).filter(
    (w): w is Worker => w !== undefined,
  );
  const helped = new Set<Worker>();
  const ready: Promise<void>[] = [];
  // A worker that fails leaves its claimed ranges to this thread (below).
  const settled = started.map(
    (worker) =>
      new Promise<void>((resolve) => {
        let up: () => void = () => {};
        ready.push(new Promise<void>((resolveUp) => (up = resolveUp)));
        worker.on('message', (message: FromRangeWorker) => {
          if (message.kind === 'ready') return up();
          if (message.kind === 'done') return resolve();
          helped.add(worker);
          take(message.index, message.summary);
        });
        worker.on('error', () => (up(), resolve()));
        worker.on('exit', () => (up(), resolve()));
      }),
  );
  try {
    if (waitForWorkers) await Promise.all(ready);
    for (let index = ranges.claim(); index !== undefined; index = ranges.claim()) {
      take(index, ranges.walk(setup, reader, index));
      await nextTurn(); // let the workers' summaries in
    }
    await Promise.all(settled);
    while (!broken && joined < ranges.count) take(joined, ranges.walk(setup, reader, joined));
    return { from: broken ? ranges.bounds(joined).after : shared.last, threads: 1 + helped.size };
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
};

/**
 * verifyLog over a log each thread reads itself (`RawRangeSource`). In parallel, the log is cut
 * into ranges of global positions that this thread and the workers claim as they are free; each
 * range is walked alone (records hashed, streams checked within it, Merkle subtrees built) and the
 * summaries are joined in order: stream links and global order across the cuts, the tree from its
 * subtrees, the checkpoints from the subtrees up to their sizes. From the first range that does
 * not join, the walk goes on on this thread, record by record, so the report is the one-thread
 * report. A log of fewer than two ranges, or with no worker, is walked on this thread.
 */
export const verifyRanges = async (location: RawRangeLocation, setup: VerifierSetup, parallel: boolean, options: RangedOptions = {}): Promise<VerifyResult> => {
  const { size = RANGE_SIZE, workers = availableParallelism() - 1, waitForWorkers = false } = options;
  const reader = await openRangeReader(location);
  try {
    const verifier = createVerifier(setup);
    const last = reader.lastGlobalPosition();
    const shared = shareRanges(size, last);
    const ranges = rangesOf(shared);
    const data: RangeWorkerData = { location, algorithm: setup.algorithm, checkpoints: setup.checkpoints, denseGlobalPositions: setup.denseGlobalPositions, ranges: shared };
    const { from, threads } =
      parallel && workers > 0 && ranges.count >= 2 ? await walkShared(verifier, reader, shared, ranges, data, setup, { workers, waitForWorkers }) : { from: 0, threads: 1 };
    for (const r of reader.read(from, last)) verifier.step(r);
    return verifier.finish({ threads });
  } finally {
    reader.close();
  }
};
