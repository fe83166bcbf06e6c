import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startModuleWorker, type EventRangeLocation, type EventRangeReader, type OpenEventRangeReader, type StoredEvent } from '@banjian/core';
import type { AsOfBound } from './bound';
import { createFold, type Fold } from './fold';
import type { Projection } from './projection';
import type { RangeFoldResult } from './part-fold';
import { handshakeOf, READY, SPLIT, type RangeFoldTask } from './range-task';

export interface ParallelOptions {
  /** Fewer events than this are folded on one thread: a worker's start costs more than it saves. */
  minEvents?: number;
  /** The last global position this thread folds; the worker folds the rest. Default: picked when the worker is ready. */
  at?: number;
}

/** Below this, one thread (starting a worker and loading the projections there takes a few hundred ms). */
const MIN_EVENTS = 100_000;
/**
 * This thread's share of what is left when the worker is ready: a little over half. The two fold
 * at the same rate an event; the worker then packs its parts (~0.3 s CPU for half a million
 * events, started cold) while this thread folds on and unpacks them (~0.15 s) between two pages.
 */
const MAIN_SHARE = 0.52;

/**
 * A worker kept from one rebuild to the next, its modules loaded and its code warm (starting one
 * under tsx costs ~0.25 s CPU and up to a second under load); let go after `IDLE_MS` without a
 * rebuild, with the heap its last range left. Unref'd: it never keeps the process alive.
 */
let idle: { worker: Worker; timer: NodeJS.Timeout } | undefined;
const IDLE_MS = 15_000;

const startWorker = (): Worker | undefined => {
  const worker = startModuleWorker(new URL('./rebuild-worker.ts', import.meta.url));
  if (worker === undefined) return undefined;
  worker.unref();
  // heard even between rebuilds: a worker that fails is not kept
  const drop = () => {
    if (idle?.worker === worker) {
      clearTimeout(idle.timer);
      idle = undefined;
    }
  };
  worker.on('error', drop);
  worker.once('exit', drop);
  return worker;
};

const takeWorker = (): Worker | undefined => {
  if (idle === undefined) return startWorker();
  const { worker, timer } = idle;
  clearTimeout(timer);
  idle = undefined;
  return worker;
};

const keepWorker = (worker: Worker): void => {
  if (idle !== undefined) {
    void worker.terminate();
    return;
  }
  const timer = setTimeout(() => {
    idle = undefined;
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle = { worker, timer };
};

/** The worker's result, taken from `results` as soon as it is there (no event loop turn needed); undefined when the worker failed. */
const finished = (worker: Worker, results: MessagePort): { outcome: Promise<RangeFoldResult | undefined>; stop(): void } => {
  let stop = () => {};
  const outcome = new Promise<RangeFoldResult | undefined>((resolve) => {
    const failed = () => resolve(undefined);
    // a message posted just before an exit may not have been delivered yet
    const exited = () => resolve(receiveMessageOnPort(results)?.message as RangeFoldResult | undefined);
    results.once('message', resolve);
    worker.once('error', failed);
    worker.once('exit', exited);
    stop = () => {
      worker.off('error', failed);
      worker.off('exit', exited);
    };
  });
  return { outcome, stop };
};

const foldPage = (fold: Fold, page: readonly StoredEvent[]): void => {
  for (let i = 0; i < page.length; i++) fold.visit(page[i]!);
};

const foldRange = (reader: EventRangeReader, fold: Fold, after: number, until: number, afterPage?: () => void): void => {
  for (const page of reader.pages(after, until)) {
    foldPage(fold, page);
    afterPage?.();
  }
};

/**
 * The log up to `until` folded on two threads. A worker (kept from an earlier rebuild, else
 * started) opens the log itself and loads the projections by module; meanwhile this thread folds
 * from the start. Once the worker is ready, this thread picks the split `at` from how far it got,
 * folds up to it, and the worker folds the rest into the projections' parts (`ProjectionSplit`).
 * The parts are unpacked here as soon as they arrive, between two pages, and joined into the
 * states once this thread's range is folded. A projection whose join declines — or every one,
 * when the worker does not start or fails — gets the later range folded here instead: the result
 * is always the one-thread fold's.
 */
export const foldInTwo = async (
  location: EventRangeLocation,
  projections: readonly Projection<any>[],
  fold: Fold,
  options: ParallelOptions & { until: number; bound: AsOfBound },
): Promise<void> => {
  const { openEventRangeReader } = (await import(location.module)) as { openEventRangeReader: OpenEventRangeReader };
  const reader = openEventRangeReader(location.args);
  let worker: Worker | undefined;
  let results: MessagePort | undefined;
  // kept only when its task ended as planned (not on a throw here, which may leave it waiting)
  let keep = false;
  let stopListening = () => {};
  try {
    const end = Math.min(options.until, reader.lastGlobalPosition());
    const buffer = new SharedArrayBuffer(16);
    const handshake = handshakeOf(buffer);
    const channel = new MessageChannel();
    results = channel.port1;
    const task: RangeFoldTask = {
      reader: location,
      until: end,
      bound: { occurredAt: options.bound.occurredAt, recordedAt: options.bound.recordedAt },
      projections: projections.map((p) => ({ module: p.split!.module, exportName: p.split!.exportName })),
      handshake: buffer,
      results: channel.port2,
    };
    const split = (at: number) => {
      handshake.at[0] = at;
      Atomics.store(handshake.state, 0, SPLIT);
      Atomics.notify(handshake.state, 0);
    };
    const fixed = options.at === undefined ? undefined : Math.max(0, Math.min(end, options.at));
    if (fixed !== undefined) split(fixed);
    if (end >= (options.minEvents ?? MIN_EVENTS) && fixed !== end) worker = takeWorker();
    if (worker === undefined) return foldRange(reader, fold, 0, end);
    const { outcome, stop } = finished(worker, results);
    stopListening = stop;
    worker.postMessage(task, [channel.port2]);
    let unpacked: UnpackedRange | undefined;
    const poll = () => {
      if (unpacked !== undefined) return;
      const arrived = receiveMessageOnPort(results!);
      if (arrived !== undefined) unpacked = unpackRange(projections, fold, arrived.message as RangeFoldResult);
    };
    let at = fixed;
    let done = 0;
    if (at === undefined) {
      for (const page of reader.pages(0, end)) {
        foldPage(fold, page);
        done = page[page.length - 1]!.globalPosition;
        if (Atomics.load(handshake.state, 0) === READY) {
          at = done + Math.floor((end - done) * MAIN_SHARE);
          split(at);
          break;
        }
      }
      // the worker was not ready before the end: this thread folded it all
      if (at === undefined) {
        split(end);
        keep = true;
        return;
      }
    }
    if (at === end) {
      foldRange(reader, fold, done, at);
      keep = true;
      return;
    }
    foldRange(reader, fold, done, at, poll);
    if (unpacked === undefined) {
      const result = await outcome;
      if (result === undefined) return foldRange(reader, fold, at, end);
      unpacked = unpackRange(projections, fold, result);
    }
    keep = true;
    joinRange(projections, fold, unpacked, (redo) => foldRange(reader, redo, at, end));
  } finally {
    stopListening();
    results?.close();
    if (worker !== undefined) {
      if (keep) keepWorker(worker);
      else void worker.terminate();
    }
    reader.close();
  }
};

/** A later range's result read back on this thread: its parts unpacked, its refused events. */
export interface UnpackedRange {
  position: number;
  parts: unknown[];
  refused: StoredEvent[][];
}

/** Unpacks the worker's parts against the states as folded so far (which lend only their caches). */
export const unpackRange = (projections: readonly Projection<any>[], fold: Fold, result: RangeFoldResult): UnpackedRange => ({
  position: result.position,
  parts: projections.map((p, i) => p.split!.unpack(result.packed[i], fold.states[i])),
  refused: result.refused,
});

/**
 * Joins a later range's parts into the states folded up to it; a projection whose join declines
 * gets the range folded again on this thread by `refold`.
 */
export const joinRange = (projections: readonly Projection<any>[], fold: Fold, range: UnpackedRange, refold: (fold: Fold) => void): void => {
  const again: number[] = [];
  projections.forEach((p, i) => {
    const joined = p.split!.join(fold.states[i], range.parts[i], range.refused[i]!);
    if (joined === undefined) again.push(i);
    else fold.states[i] = joined;
  });
  if (range.position > fold.position) fold.position = range.position;
  if (again.length > 0) {
    const redo = createFold(again.map((i) => projections[i]!), fold.admit, again.map((i) => fold.states[i]));
    refold(redo);
    again.forEach((i, k) => (fold.states[i] = redo.states[k]));
  }
};
