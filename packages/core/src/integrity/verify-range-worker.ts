import { parentPort, workerData } from 'node:worker_threads';
import type { RawRangeLocation } from '../store/port';
import type { Checkpoint } from './checkpoint';
import type { HashAlgorithm } from './hash';
import { openRangeReader, rangesOf, type SharedRanges } from './range-walk';
import type { RangeSummary } from './verifier';

/**
 * The worker side of a ranged verify: it opens the log itself and walks the ranges it claims, one
 * summary each, until none is left. Signatures are checked where the ranges are joined, so this
 * thread loads no codecs (it starts sooner).
 */
export interface RangeWorkerData {
  location: RawRangeLocation;
  algorithm: HashAlgorithm;
  checkpoints: readonly Checkpoint[];
  denseGlobalPositions: boolean;
  ranges: SharedRanges;
}

/** `ready`: the log is open and the first range claimed (if any was left). */
export type FromRangeWorker = { kind: 'ready' } | { kind: 'range'; index: number; summary: RangeSummary } | { kind: 'done' };

const port = parentPort;
if (port) {
  const { location, algorithm, checkpoints, denseGlobalPositions, ranges: shared } = workerData as RangeWorkerData;
  const reply = (message: FromRangeWorker) => port.postMessage(message);
  const reader = await openRangeReader(location);
  try {
    const ranges = rangesOf(shared);
    const setup = { algorithm, checkpoints, signature: undefined, denseGlobalPositions };
    let index = ranges.claim();
    reply({ kind: 'ready' });
    for (; index !== undefined; index = ranges.claim()) reply({ kind: 'range', index, summary: ranges.walk(setup, reader, index) });
    reply({ kind: 'done' });
  } finally {
    reader.close();
  }
}
