import { isMainThread, parentPort } from 'node:worker_threads';
import type { OpenEventRangeReader } from '@banjian/core';
import { admits } from './bound';
import { createPartFold, type RangeFoldResult } from './part-fold';
import type { Projection } from './projection';
import { handshakeOf, READY, type RangeFoldTask } from './range-task';
import { tapeBuffers } from './tape';

/** The worker's side of a two-thread rebuild (see `foldInTwo`): the later range folded into the projections' parts. */
const run = async (task: RangeFoldTask): Promise<RangeFoldResult> => {
  const { openEventRangeReader } = (await import(task.reader.module)) as { openEventRangeReader: OpenEventRangeReader };
  const projections = await Promise.all(
    task.projections.map(async ({ module, exportName }) => (await import(module))[exportName] as Projection<unknown>),
  );
  const fold = createPartFold(projections, admits(task.bound));
  const reader = openEventRangeReader(task.reader.args);
  try {
    const { state, at } = handshakeOf(task.handshake);
    // ready, unless the main thread already named the split; then wait until it does
    Atomics.compareExchange(state, 0, 0, READY);
    Atomics.wait(state, 0, READY);
    for (const page of reader.pages(at[0]!, task.until)) for (let k = 0; k < page.length; k++) fold.visit(page[k]!);
  } finally {
    reader.close();
  }
  return fold.result();
};

// One task a message, for as long as the main thread keeps this worker. A failure is thrown: the
// main thread sees the worker's error, folds the range itself and lets the worker go.
if (!isMainThread) {
  parentPort!.on('message', (task: RangeFoldTask) => {
    void run(task).then((result) => task.results.postMessage(result, tapeBuffers(result.packed)));
  });
}
