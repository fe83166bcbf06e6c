import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chinaCalendar, createWorkClock, type Actor, type StoredEvent } from '@banjian/core';
import { caseFactsProjection } from '@banjian/projections';
import { rebuild } from '@banjian/projections';
import type { Projection } from '@banjian/projections';
import { satisfactionProjection } from '@banjian/projections';
import { openAlertsProjection } from '@banjian/projections';
import type { BenchSuite, Metric } from './types';

/**
 * `rebuild.memory.eventsPerS` / `rebuild.memory.peakRssMb`: a full rebuild of the standard
 * projections (per-case facts, satisfaction detail, open alerts) over 1,000,000 events of a
 * county hall with three township centres — applications, corrections, acceptances, transfers,
 * suspensions, extensions, decisions, completions, deliveries, visits, evaluations, bad reviews,
 * alerts, follow-ups, consultations, complaints — on the working days of the real calendar.
 *
 * - eventsPerS: the events are built first as stored envelopes (sealing a million events would
 *   measure the store's append, not the rebuild) and read through an async iterator shaped like
 *   the memory store's `readAll` (one resolved promise per event); the timer covers the rebuild only,
 *   best of two runs. Target ≥ 500,000 events/s.
 * - eventsPerCpuS: the same runs per second of this process's CPU time (user + system, GC helper
 *   threads included), which a loaded machine distorts much less than wall-clock time.
 * - peakRssMb: a fresh child process (this file with BANJIAN_REBUILD_CHILD=1) streams the same
 *   events from the generator straight into the rebuild, never holding the log, and reports
 *   `process.resourceUsage().maxRSS` at the end: projection state + runtime (tsx included) + the
 *   transient garbage of reading events, not the generator's log. Target ≤ 400 MB. The same
 *   streaming with no projection peaks near 190 MB; the projections' live heap after a full GC is
 *   about 150 MB; the peak moves by ±25 MB from run to run with GC timing.
 */
const TOTAL = 1_000_000;
const CASES_PER_DAY = 520;

const projections = (): Projection<any>[] => [caseFactsProjection, satisfactionProjection, openAlertsProjection];

/** A small deterministic PRNG (mulberry32): same seed, same log. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const HASH = 'a'.repeat(64);
const HALLS = ['county', 'town-1', 'town-2', 'town-3'];
const SHANGHAI = 8 * 3_600_000;
const iso = (ms: number) => `${new Date(ms + SHANGHAI).toISOString().slice(0, 19)}+08:00`;

interface Pending {
  ms: number;
  seq: number;
  streamId: string;
  stream: { next: number };
  type: string;
  data: Record<string, unknown>;
  actor: Actor;
}

/** The hall mix as stored envelopes in global order, generated day by day (only pending days are held). */
export function* hallMixEvents(total = TOTAL): Generator<StoredEvent> {
  const random = prng(20240101);
  const clock = createWorkClock({ calendar: chinaCalendar() });
  const days: string[] = [];
  for (let ms = Date.UTC(2024, 0, 1); days.length < 800; ms += 86_400_000) {
    const date = new Date(ms).toISOString().slice(0, 10);
    if (clock.isWorkingDay(date)) days.push(date);
  }
  const at = (day: number, minutes: number) => clock.startOfDay(days[day]!) + minutes * 60_000;
  const buckets = new Map<number, Pending[]>();
  let seq = 0;
  let position = 0;
  const add = (day: number, minutes: number, streamId: string, stream: { next: number }, type: string, data: Record<string, unknown>, actor: Actor) => {
    let bucket = buckets.get(day);
    if (!bucket) buckets.set(day, (bucket = []));
    bucket.push({ ms: at(day, minutes), seq: seq++, streamId, stream, type, data, actor });
  };
  const system: Actor = { kind: 'system', id: 'setup' };
  const org = { next: 0 };
  for (const hallId of HALLS) {
    const hallStream = { next: 0 };
    add(0, 0, `hall-${hallId}`, hallStream, 'HallRegistered', {
      hallId, name: hallId, level: hallId === 'county' ? 'county' : 'township', timeZone: 'Asia/Shanghai',
      officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn', ...(hallId === 'county' ? {} : { parentId: 'county' }),
    }, system);
    for (let d = 1; d <= 6; d++) {
      add(0, 0, `hall-${hallId}`, hallStream, 'DepartmentRegistered', { hallId, departmentId: `d${d}`, name: `部门${d}` }, system);
      add(0, 0, `hall-${hallId}`, hallStream, 'WindowOpened', { hallId, windowId: `w${d}`, kind: 'department', departmentId: `d${d}` }, system);
      add(0, 0, `hall-${hallId}`, hallStream, 'StaffRegistered', { hallId, staffId: `s${d}`, role: 'windowStaff', departmentId: `d${d}`, windowId: `w${d}` }, system);
    }
    const catalog = { next: 0 };
    for (let i = 0; i < 60; i++) {
      add(0, 1, `catalog-${hallId}`, catalog, 'ServiceItemDefined', {
        hallId, itemCode: `I${i}`, version: 1, name: `事项${i}`, departmentId: `d${1 + (i % 6)}`, kind: i % 2 ? 'promised' : 'immediate',
        limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: i % 2 ? 5 : 1, unit: 'workingDays' } }, effectiveFrom: days[0],
      }, system);
    }
  }
  void org;
  let caseNo = 0;
  for (let day = 0; position < total; day++) {
    for (let k = 0; k < CASES_PER_DAY; k++) {
      const caseId = `c${++caseNo}`;
      const hallId = HALLS[caseNo % 4 === 0 ? 1 + (caseNo % 3) : 0]!;
      const item = Math.floor(random() * 60);
      const immediate = item % 2 === 0;
      const d = 1 + (item % 6);
      const desk = { departmentId: `d${d}`, windowId: `w${d}`, staffId: `s${d}` };
      const staff: Actor = { kind: 'staff', id: desk.staffId, windowId: desk.windowId, departmentId: desk.departmentId };
      const applicant: Actor = { kind: 'applicant', id: `p${caseNo}` };
      const s = { next: 0 };
      const stream = `case-${caseId}`;
      const e = (dd: number, minutes: number, type: string, data: Record<string, unknown>, actor = staff) => add(day + dd, minutes, stream, s, type, { caseId, ...data }, actor);
      const m = Math.floor(random() * 150);
      e(0, m, 'ApplicationSubmitted', {
        caseNo: `N${caseNo}`, hallId, itemCode: `I${item}`, channel: random() < 0.7 ? 'window' : 'online', applicant: { type: 'person', ref: `p${caseNo}` }, materials: ['申请表', '身份证'],
        ...(random() < 0.01 ? { investment: { amount: 1_000_000, currency: 'CNY' } } : {}),
      }, applicant);
      e(0, m, 'VisitRecorded', { purpose: 'submit' }, applicant);
      let start = 0;
      if (random() < 0.08) {
        e(0, m + 10, 'CorrectionRequested', { missing: ['营业执照'] });
        e(1, 30, 'CorrectionSupplied', { materials: ['营业执照'] }, applicant);
        start = 1;
      }
      const acceptedMs = at(day + start, (start ? 40 : m + 20));
      const limits = { statutory: { value: 20, unit: 'workingDays' }, promised: { value: immediate ? 1 : 5, unit: 'workingDays' } } as const;
      e(start, start ? 40 : m + 20, 'CaseAccepted', {
        hallId, ...desk, kind: immediate ? 'immediate' : 'promised', limits, calendarVersion: clock.calendar.version,
        promisedDueAt: iso(clock.dueAt(acceptedMs, limits.promised).dueAt), statutoryDueAt: iso(clock.dueAt(acceptedMs, limits.statutory).dueAt), provisional: false,
      });
      let done = start;
      if (!immediate) {
        e(start + 1, 60, 'StepCompleted', { step: '审查', action: 'pass' });
        if (random() < 0.05) e(start + 1, 90, 'CaseTransferred', { from: desk, to: { departmentId: 'd1', windowId: 'w1' }, reason: '职责调整', handoverAt: iso(at(day + start + 1, 90)) });
        if (random() < 0.03) {
          e(start + 2, 60, 'ClockSuspended', { procedure: 'expertReview', legalBasis: '行政许可法 §45', applicantNotifiedAt: iso(at(day + start + 2, 60)) });
          e(start + 4, 60, 'ClockResumed', {});
          done += 2;
        }
        if (random() < 0.02) {
          e(start + 2, 120, 'AlertRaised', { alertId: `a${caseNo}`, rule: 'approaching', level: 'approaching', dueAt: iso(at(day + start + 3, 510)), departmentId: desk.departmentId }, system);
          e(start + 3, 30, 'AlertCleared', { alertId: `a${caseNo}` }, system);
        }
        if (random() < 0.02) e(start + 2, 200, 'TimeLimitExtended', { by: { value: 3, unit: 'workingDays' }, approvedBy: 'chief', reason: '情况复杂', requestedAt: iso(at(day + start + 2, 200)) });
        done += 3;
        e(done, 300, 'DecisionMade', { outcome: 'approved' });
      }
      e(done, immediate ? m + 200 : 310, 'CaseCompleted', { result: 'issued' });
      const collect = immediate ? done : done + 1;
      e(collect, immediate ? m + 230 : 100, 'ResultDelivered', { method: 'window' });
      e(collect, immediate ? m + 230 : 100, 'VisitRecorded', { purpose: 'collect' }, applicant);
      const r = random();
      if (r < 0.72) {
        const level = r < 0.01 ? 2 : r < 0.1 ? 4 : 5;
        const evaluationId = `e${caseNo}`;
        e(collect, immediate ? m + 231 : 101, 'EvaluationSubmitted', { evaluationId, level, channel: r < 0.6 ? 'device' : 'mobile', round: 'first', realName: false, windowId: desk.windowId, staffId: desk.staffId }, applicant);
        if (level === 2) {
          e(collect + 1, 60, 'BadReviewTriaged', { evaluationId, valid: true, assignee: desk.staffId });
          e(collect + 3, 60, 'BadReviewRectified', { evaluationId, measures: '改进流程' });
        }
      }
      if (random() < 0.01) e(collect + 2, 120, 'FollowUpRecorded', { method: 'phone', satisfied: true });
    }
    const consultations = { next: 0 };
    for (let k = 0; k < CASES_PER_DAY / 8; k++) {
      add(day, 60 + k, `consultation-county-${day}`, consultations, 'ConsultationRecorded', { consultationId: `q${day}-${k}`, hallId: 'county', windowId: 'w1', topic: '办事指南' }, system);
    }
    const bucket = (buckets.get(day) ?? []).sort((a, b) => a.ms - b.ms || a.seq - b.seq);
    buckets.delete(day);
    for (const p of bucket) {
      if (position >= total) return;
      position += 1;
      const occurredAt = iso(p.ms);
      yield {
        eventId: `ev-${position}`, type: p.type, schemaVersion: 1, streamId: p.streamId, streamPosition: p.stream.next++, globalPosition: position,
        occurredAt, recordedAt: occurredAt, actor: p.actor, data: p.data, prevHash: HASH, hash: HASH,
      } as StoredEvent;
    }
  }
}

/** Reads an array like the memory store's `readAll`: one resolved promise per event. */
const storeLike = (events: readonly StoredEvent[]): AsyncIterable<StoredEvent> => ({
  [Symbol.asyncIterator]() {
    let i = 0;
    return { next: () => Promise.resolve(i < events.length ? { value: events[i++]!, done: false } : { value: undefined, done: true }) };
  },
});

const child = async (): Promise<void> => {
  const started = performance.now();
  const result = await rebuild(hallMixEvents(), projections());
  process.stdout.write(`${JSON.stringify({ position: result.position, ms: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS })}\n`);
};

const measurePeakRss = (): number => {
  const out = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, BANJIAN_REBUILD_CHILD: '1' }, encoding: 'utf8', maxBuffer: 1 << 20,
  });
  if (out.status !== 0) throw new Error(`rebuild child failed: ${out.stderr}`);
  const line = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { position: number; maxRssKb: number };
  if (line.position !== TOTAL) throw new Error(`rebuild child read ${line.position} events`);
  return Math.round((line.maxRssKb / 1024) * 10) / 10;
};

const suite: BenchSuite = {
  metrics: ['rebuild.memory.eventsPerS', 'rebuild.memory.eventsPerCpuS', 'rebuild.memory.peakRssMb'],
  async run(selected) {
    const metrics: Metric[] = [];
    if (selected.has('rebuild.memory.eventsPerS') || selected.has('rebuild.memory.eventsPerCpuS')) {
      const events = [...hallMixEvents()];
      let best = Infinity;
      let bestCpu = Infinity;
      for (let run = 0; run < 2; run++) {
        const cpu = process.cpuUsage();
        const started = performance.now();
        const result = await rebuild(storeLike(events), projections());
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        if (result.position !== TOTAL) throw new Error(`rebuild read ${result.position} events`);
        best = Math.min(best, ms);
        bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
      }
      if (selected.has('rebuild.memory.eventsPerS')) metrics.push({ name: 'rebuild.memory.eventsPerS', value: Math.round(TOTAL / (best / 1000)), unit: 'events/s' });
      if (selected.has('rebuild.memory.eventsPerCpuS')) metrics.push({ name: 'rebuild.memory.eventsPerCpuS', value: Math.round(TOTAL / (bestCpu / 1000)), unit: 'events/cpu-s' });
    }
    if (selected.has('rebuild.memory.peakRssMb')) metrics.push({ name: 'rebuild.memory.peakRssMb', value: measurePeakRss(), unit: 'MB' });
    return metrics;
  },
};

export default suite;

if (process.env.BANJIAN_REBUILD_CHILD === '1') await child();
