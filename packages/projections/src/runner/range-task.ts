import type { MessagePort } from 'node:worker_threads';
import type { EventRangeLocation } from '@banjian/core';
import type { AsOfBound } from './bound';

/**
 * The later range of a two-thread rebuild: which log, which events, which projections (by module
 * and export). The range begins where the main thread says, through `handshake` (see `handshakeOf`):
 * the worker says when it is ready, the main thread then picks the split from how far it got.
 */
export interface RangeFoldTask {
  reader: EventRangeLocation;
  until: number;
  bound: Omit<AsOfBound, 'position'>;
  projections: { module: string; exportName: string }[];
  handshake: SharedArrayBuffer;
  /** Where the result goes: a port of its own, so the main thread can take it between two pages without a turn of its event loop. */
  results: MessagePort;
}

export const READY = 1;
export const SPLIT = 2;

/** The handshake's cells: its state (0 → READY → SPLIT) and the last position the main thread folds. */
export const handshakeOf = (buffer: SharedArrayBuffer): { state: Int32Array; at: Float64Array } => ({
  state: new Int32Array(buffer, 0, 1),
  at: new Float64Array(buffer, 8, 1),
});
