import { registerStoreScheme } from '@banjian/adapters';
import { createInMemoryEventStore, type EventStore } from '@banjian/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { simulateHall, type SimulationResult } from '../simulator/index';
import { captureIo } from '../test-io';

describe('banjian audit', () => {
  let store: EventStore;
  let simulated: SimulationResult;
  beforeAll(async () => {
    store = createInMemoryEventStore();
    simulated = await simulateHall(store, { seed: 5, casesPerYear: 300, itemCount: 30, windowCount: 8, townshipCount: 1, anomalies: true });
    registerStoreScheme((url) => url === 'audit:planted', async () => ({ ...store, close: async () => undefined }));
  }, 120_000);

  const args = ['audit', '--from', '2025-01-01', '--to', '2026-01-01', '--store', 'audit:planted'];

  it('given a year with planted anomalies, when audited as JSON, then each planted case is named with its definition and positions', async () => {
    const io = captureIo();
    expect(await run([...args, '--json'], io)).toBe(0);
    const report = JSON.parse(io.out());
    expect(Object.keys(report)).toEqual(['period', 'hall', 'checkpoint', 'cases', 'thresholds', 'definitions', 'findings', 'counts', 'departments', 'staff']);
    const [caseId] = simulated.planted!['backdated@1'];
    const finding = report.findings.find((f: { caseId: string; definition: string }) => f.caseId === caseId && f.definition === 'backdated@1');
    expect(finding).toMatchObject({ kind: 'backdated', severity: 'high', departmentId: expect.any(String), staffId: expect.any(String) });
    expect(finding.positions.length).toBeGreaterThan(0);
    expect(report.thresholds['backdated.skewMinutes']).toBe(15);
  });

  it('given a threshold, when audited as CSV, then one row a finding under the header, and the threshold applies', async () => {
    const io = captureIo();
    expect(await run([...args, '--csv', '--threshold', 'burst.device=100', '--threshold', 'burst.channel=100'], io)).toBe(0);
    const rows = io.out().trimEnd().split('\r\n');
    expect(rows[0]).toBe('definition,kind,severity,hall,case,cases,staff,department,at,positions,measured,detail');
    expect(rows.some((r) => r.startsWith('evaluationBurst@1'))).toBe(false);
    expect(rows.some((r) => r.startsWith('staffEvaluation@1,evaluationPadding,high'))).toBe(true);
  });

  it('given the text form, when audited, then every definition is listed with its count and thresholds', async () => {
    const io = captureIo();
    expect(await run(args, io)).toBe(0);
    expect(io.out()).toContain('异常办件 anomaly findings 2025-01-01 – 2026-01-01');
    expect(io.out()).toMatch(/offSystem@1 +\d+ +体外循环/);
    expect(io.out()).toContain('[backdated.skewMinutes=15 backdated.highHours=24]');
  });

  it.each([
    [['audit', '--to', '2026-01-01'], '--from is required'],
    [['audit', '--from', '2025-01-01', '--to', '2025-01-01'], 'must be after'],
    [[...args, '--json', '--csv'], 'choose one'],
    [[...args, '--threshold', 'burst.device'], 'is not key=number'],
    [[...args, '--threshold', 'burst.devices=3'], 'unknown threshold'],
    [[...args, '--threshold', 'excludedShare.max=3'], 'is a share'],
    [[...args, '--hall', 'nowhere'], 'unknown hall'],
  ])('given bad arguments %j, when run, then one line and exit 2', async (argv, reason) => {
    const io = captureIo();
    expect(await run(argv, io)).toBe(2);
    expect(io.err()).toContain(reason);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });
});
