import type { WorkClock } from './work-clock';

export interface ClockSegment {
  readonly departmentId: string;
  readonly fromMs: number;
  /** Open segment (the department still holds the case) counts up to `atMs`. */
  readonly toMs?: number;
}

/**
 * Office seconds each department held the case, up to `atMs`. The first segment runs from its
 * instant (acceptance); each later segment is a transfer, whose receiving department's clock starts
 * the day after the handover (spec §4, the handover day is not counted, 民法典 §201).
 */
export const segmentElapsed = (clock: WorkClock, segments: readonly ClockSegment[], atMs: number): Record<string, number> => {
  const out: Record<string, number> = {};
  segments.forEach((seg, i) => {
    const from = i === 0 ? seg.fromMs : clock.startOfDay(nextDate(clock, seg.fromMs));
    const to = Math.min(seg.toMs ?? atMs, atMs);
    const seconds = to > from ? clock.officeSecondsBetween(from, to) : 0;
    out[seg.departmentId] = (out[seg.departmentId] ?? 0) + seconds;
  });
  return out;
};

const nextDate = (clock: WorkClock, ms: number): string => {
  const d = new Date(`${clock.localDate(ms)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
