import type { AnyCommand } from '@banjian/core';
import { isBefore, type Moment } from './timeline';

/** A command the hall will send at a simulated moment. */
export interface PlannedCommand {
  readonly at: Moment;
  readonly command: AnyCommand;
  /** The engine's clock when the command is recorded, when that is not its business time (a late entry 补录 sent at `at`). */
  readonly engineAt?: string;
}

interface Entry extends PlannedCommand {
  readonly seq: number;
}

const earlier = (a: Entry, b: Entry) => isBefore(a.at, b.at) || (a.at.day === b.at.day && a.at.minute === b.at.minute && a.seq < b.seq);

/** The hall's agenda: planned commands in time order, ties in the order they were planned (a binary heap). */
export interface Agenda {
  add(planned: readonly PlannedCommand[]): void;
  /** Removes and returns the commands due on a day, in order. */
  takeDay(day: number): PlannedCommand[];
  readonly size: number;
}

export const createAgenda = (): Agenda => {
  const heap: Entry[] = [];
  let seq = 0;
  const swap = (i: number, j: number) => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const push = (e: Entry) => {
    heap.push(e);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!earlier(heap[i]!, heap[parent]!)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const pop = (): Entry => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && earlier(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && earlier(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
    return top;
  };
  return {
    add: (planned) => planned.forEach((p) => push({ ...p, seq: seq++ })),
    takeDay: (day) => {
      const out: PlannedCommand[] = [];
      while (heap.length > 0 && heap[0]!.at.day <= day) out.push(pop());
      return out;
    },
    get size() {
      return heap.length;
    },
  };
};
