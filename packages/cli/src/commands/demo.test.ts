import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@banjian/adapters';
import { buildReport } from '@banjian/projections';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../main';
import { captureIo } from '../test-io';
import { displayWidth } from '../text-width';
import { renderHeadline } from './demo';

const dir = mkdtempSync(join(tmpdir(), 'banjian-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rebuiltReport = async (url: string) => {
  const store = await openStore(url);
  try {
    return await buildReport(store, { from: '2025-01-01', to: '2026-01-01', hall: 'county' });
  } finally {
    await store.close();
  }
};

describe('banjian demo', () => {
  it('given --cases 300, when run into a fresh SQLite file, then its printed figures are those a rebuild of the stored log gives', async () => {
    const url = `sqlite:${join(dir, 'demo.db')}`;
    const dashboard = join(dir, 'dashboard.html');
    const io = captureIo();
    const code = await run(['demo', '--store', url, '--cases', '300', '--seed', '3', '--dashboard', dashboard], io);
    expect(io.err()).toContain('simulated 300 applications');
    expect(code).toBe(0);
    const report = await rebuiltReport(url);
    expect(report.figures.applications!.value).toBe(300);
    expect(io.out()).toContain(renderHeadline(report));
    expect(io.out()).toMatch(/办结率 Completion rate\s+\d+\.\d\d%/);
    // Every figure once: the headline, then the command that prints the rest.
    for (const label of ['申请 Applications', '办结率 Completion rate', '按时办结率 On-time rate', '满意率 Satisfaction rate']) {
      expect(io.out().split(label).length - 1, label).toBe(1);
    }
    expect(io.out()).toContain(`banjian report --from 2025-01-01 --to 2026-01-01 --hall county --store ${url}`);
    // The values' column ends at the same terminal column on every line, Chinese labels included.
    const rows = renderHeadline(report).split('\n').slice(1, -1);
    const valueEnds = rows.map((row) => displayWidth(row.replace(/\s+\(\d+(\.\d+)? \/ \d+(\.\d+)?\)$/, '')));
    expect(rows.length).toBeGreaterThan(10);
    expect(new Set(valueEnds).size).toBe(1);
    expect(io.out()).toMatch(/办件轨迹 audit trail of one case\ncounty-2025-\d{6} \(case-county-2025-\d{6}\): \d+ events/);
    expect(io.out()).toMatch(/完整性校验 integrity: intact — \d+ events/);
    expect(readFileSync(dashboard, 'utf8')).toContain('<!DOCTYPE html>');
  });

  it('given an earlier demo in the file, when the demo runs again with the same seed, then it starts afresh and prints the same', async () => {
    const url = `sqlite:${join(dir, 'again.db')}`;
    const first = captureIo();
    expect(await run(['demo', '--store', url, '--cases', '40'], first)).toBe(0);
    const second = captureIo();
    expect(await run(['demo', '--store', url, '--cases', '40'], second)).toBe(0);
    expect(second.out()).toBe(first.out());
    expect((await rebuiltReport(url)).figures.applications!.value).toBe(40);
    // Without --dashboard, the dashboard goes beside the SQLite file.
    expect(second.out()).toContain(`看板 dashboard: ${join(dir, 'banjian-dashboard.html')}`);
    expect(readFileSync(join(dir, 'banjian-dashboard.html'), 'utf8')).toContain('<!DOCTYPE html>');
  });

  it('given a store holding a log that is not a demo, when the demo is asked to use it, then it refuses and leaves it alone', async () => {
    const url = `sqlite:${join(dir, 'real.db')}`;
    const store = await openStore(url);
    await store.appendToStream('case-x', [
      { type: 'VisitRecorded', data: { caseId: 'x', purpose: 'enquire' }, occurredAt: '2025-03-04T09:15:00+08:00', actor: { kind: 'staff', id: 's-1' } },
    ]);
    await store.close();
    const io = captureIo();
    expect(await run(['demo', '--store', url, '--cases', '40'], io)).toBe(2);
    expect(io.err()).toMatch(/not a banjian demo/);
    const reopened = await openStore(url);
    expect(await reopened.readStream('case-x')).toHaveLength(1);
    await reopened.close();
  });

  it('given a bad --cases or --year, when run, then it exits 2 with a one-line reason', async () => {
    for (const args of [['--cases', 'many'], ['--cases', '0'], ['--year', '2030']]) {
      const io = captureIo();
      expect(await run(['demo', '--store', `sqlite:${join(dir, 'bad.db')}`, ...args], io)).toBe(2);
      expect(io.err().trim().split('\n')).toHaveLength(1);
    }
  });
});
