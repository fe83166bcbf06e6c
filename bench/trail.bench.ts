import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@banjian/adapters';
import { caseStream, type EventToAppend } from '@banjian/core';
import { trailOf } from '@banjian/projections';
import type { BenchSuite, Metric } from './types';

/**
 * `trail.sqlite.p50Ms` / `trail.sqlite.p99Ms`: one case's audit trail (`trailOf`: read its stream,
 * label and describe each event) from a SQLite file holding 4,000 cases of 10 events each
 * (40,000 events), over 2,000 random cases after a warm-up. Target: p50 ≤ 1 ms.
 */
const CASES = 4_000;
const LOOKUPS = 2_000;

const actor = { kind: 'staff', id: 'S1', windowId: 'W1', departmentId: 'D1' } as const;
const at = (day: number, minute: number) => new Date(Date.UTC(2025, 2, 3 + day, 1, minute)).toISOString().replace('Z', '+00:00');

const caseEvents = (caseId: string): EventToAppend[] => {
  const e = (type: string, data: Record<string, unknown>, minute: number) =>
    ({ type, data: { caseId, ...data }, occurredAt: at(Math.floor(minute / 60), minute % 60), actor }) as EventToAppend;
  return [
    e('ApplicationSubmitted', { caseNo: `N-${caseId}`, hallId: 'H1', itemCode: 'ITEM-1', channel: 'window', applicant: { type: 'person', ref: `p-${caseId}` }, materials: ['申请表'] }, 0),
    e('CaseAccepted', {
      hallId: 'H1', windowId: 'W1', departmentId: 'D1', staffId: 'S1', kind: 'promised',
      limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } },
      calendarVersion: 'cn', promisedDueAt: '2025-03-11T17:30:00+08:00', statutoryDueAt: '2025-04-01T17:30:00+08:00', provisional: false,
    }, 5),
    e('CaseTransferred', { from: { departmentId: 'D1' }, to: { departmentId: 'D2', windowId: 'W2' }, reason: '职责调整', handoverAt: at(0, 30) }, 30),
    e('StepCompleted', { step: '审查', action: 'pass', opinion: '材料齐全' }, 60),
    e('StepCompleted', { step: '审批', action: 'pass' }, 90),
    e('DecisionMade', { outcome: 'approved', legalBasis: '行政许可法 §38' }, 120),
    e('CaseCompleted', { result: 'issued' }, 130),
    e('ResultDelivered', { method: 'window' }, 140),
    e('EvaluationSubmitted', { evaluationId: `E-${caseId}`, level: 5, channel: 'device', round: 'first', realName: true }, 150),
    e('FollowUpRecorded', { method: 'phone', satisfied: true }, 1500),
  ];
};

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const suite: BenchSuite = {
  metrics: ['trail.sqlite.p50Ms', 'trail.sqlite.p99Ms'],
  async run(selected) {
    const dir = mkdtempSync(join(tmpdir(), 'banjian-trail-bench-'));
    try {
      const store = createSqliteEventStore({ path: join(dir, 'trail.db'), synchronous: 'NORMAL' });
      for (let c = 0; c < CASES; c++) await store.appendToStream(caseStream(`c${c}`), caseEvents(`c${c}`));
      // a fixed pseudo-random order of cases (no Math.random: same run, same cases)
      let seed = 7;
      const next = () => (seed = (seed * 48271) % 2147483647) % CASES;
      for (let i = 0; i < 200; i++) await trailOf(store, `c${next()}`);
      const times: number[] = [];
      for (let i = 0; i < LOOKUPS; i++) {
        const caseId = `c${next()}`;
        const started = process.hrtime.bigint();
        const trail = await trailOf(store, caseId);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (trail.entries.length !== 10) throw new Error(`bench: ${caseId} has ${trail.entries.length} entries`);
      }
      await store.close();
      times.sort((a, b) => a - b);
      const out: Metric[] = [];
      const round = (x: number) => Math.round(x * 1000) / 1000;
      if (selected.size === 0 || selected.has('trail.sqlite.p50Ms')) out.push({ name: 'trail.sqlite.p50Ms', value: round(percentile(times, 0.5)), unit: 'ms' });
      if (selected.size === 0 || selected.has('trail.sqlite.p99Ms')) out.push({ name: 'trail.sqlite.p99Ms', value: round(percentile(times, 0.99)), unit: 'ms' });
      return out;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
