import type { RawRangeLocation, RawRangeReader } from '../store/port';
import { createVerifier, type RangeSummary, type VerifierSetup } from './verifier';

/** Open this thread's own reader of a log: the module its location names. */
export const openRangeReader = async (location: RawRangeLocation): Promise<RawRangeReader> => {
  const module = (await import(location.module)) as { openRawRangeReader?: (args: unknown) => RawRangeReader };
  if (typeof module.openRawRangeReader !== 'function') throw new TypeError(`${location.module} does not export openRawRangeReader`);
  return module.openRawRangeReader(location.args);
};

/** The log up to `last` in ranges of `size` global positions, and who claims which (shared by threads). */
export interface SharedRanges {
  size: number;
  last: number;
  /** Int32 [next range to claim, last range worth walking]. */
  control: SharedArrayBuffer;
}

const NEXT = 0;
const STOP = 1;

export const shareRanges = (size: number, last: number): SharedRanges => {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`range size must be a whole number ≥ 1, not ${size}`);
  const control = new SharedArrayBuffer(8);
  new Int32Array(control)[STOP] = Math.ceil(last / size);
  return { size, last, control };
};

export interface Ranges {
  readonly count: number;
  /** The global positions of a range: after < p ≤ until. */
  bounds(index: number): { after: number; until: number };
  /** The next range no thread has taken, unless none is left worth walking. */
  claim(): number | undefined;
  /** Walk a claimed range: a damaged one makes the ranges after it not worth walking (the walk of the whole log goes on from it on one thread). */
  walk(setup: VerifierSetup, reader: RawRangeReader, index: number): RangeSummary;
}

export const rangesOf = ({ size, last, control }: SharedRanges): Ranges => {
  const claims = new Int32Array(control);
  const count = Math.ceil(last / size);
  const bounds = (index: number) => ({ after: index * size, until: Math.min((index + 1) * size, last) });
  return {
    count,
    bounds,
    claim() {
      const index = Atomics.add(claims, NEXT, 1);
      return index < count && index <= Atomics.load(claims, STOP) ? index : undefined;
    },
    walk(setup, reader, index) {
      const { after, until } = bounds(index);
      const verifier = createVerifier(setup, { after });
      for (const r of reader.read(after, until)) if (!verifier.step(r)) break;
      const summary = verifier.summarize();
      if (!summary.clean) {
        for (let seen = Atomics.load(claims, STOP); index < seen; seen = Atomics.load(claims, STOP)) {
          if (Atomics.compareExchange(claims, STOP, seen, index) === seen) break;
        }
      }
      return summary;
    },
  };
};
