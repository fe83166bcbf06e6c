import { describe, expect, it } from 'vitest';
import { cli, givenNationalDayLog } from './trail-watch.fixture';

const trail = (...args: string[]) => cli('trail', ...args);

describe('banjian trail', () => {
  it('prints one line per event with labels, what changed and the hash links', async () => {
    const store = await givenNationalDayLog({ transfer: true });
    const r = await trail('C-ND', '--store', store);
    expect(r).toMatchObject({ code: 0, err: '' });
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('C-ND (case-C-ND): 3 events');
    expect(lines[2]).toContain('受理 accepted  — promised, promised due 2024-10-12 17:30 (5 working days)');
    expect(lines[3]).toContain('转办 transferred  — from D-market/W1 to D-health/W2: 职责调整');
  });

  it('prints the trail as JSON with full hashes', async () => {
    const store = await givenNationalDayLog({ transfer: true });
    const r = await trail('C-ND', '--json', '--store', store);
    const parsed = JSON.parse(r.out) as { caseId: string; entries: { type: string; hash: string; prevHash: string; globalPosition: number }[] };
    expect(parsed.caseId).toBe('C-ND');
    expect(parsed.entries.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted', 'CaseTransferred']);
    expect(parsed.entries[1]!.prevHash).toBe(parsed.entries[0]!.hash);
    expect(parsed.entries[2]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('given an empty memory: store (every other test reads an exported file: log), then the case is not found, exit 1', async () => {
    const fromMemory = await trail('C-ND', '--store', 'memory:');
    expect(fromMemory.code).toBe(1);
    expect(fromMemory.out + fromMemory.err).toContain('C-ND');
  });

  it('shows the trail as of a business time or a global position', async () => {
    const store = await givenNationalDayLog({ transfer: true });
    const byTime = JSON.parse((await trail('C-ND', '--as-of', '2024-10-08T12:00:00+08:00', '--json', '--store', store)).out);
    expect(byTime.entries).toHaveLength(2);
    expect(byTime.asOf).toEqual({ occurredAt: '2024-10-08T12:00:00+08:00' });
    // six set-up events (hall, two departments, two windows, the item), then the submission at 7
    const byPosition = JSON.parse((await trail('C-ND', '--as-of', '7', '--json', '--store', store)).out);
    expect(byPosition.entries.map((e: { type: string }) => e.type)).toEqual(['ApplicationSubmitted']);
  });

  it('exits 1 for a case with no events, and 2 for bad arguments', async () => {
    const store = await givenNationalDayLog();
    expect(await trail('nope', '--store', store)).toMatchObject({ code: 1, err: 'banjian trail: case nope has no events in the store\n' });
    const missing = await trail('--store', store);
    expect(missing).toMatchObject({ code: 2, err: 'banjian trail: a case id is required\n' });
    const badAsOf = await trail('C-ND', '--as-of', 'yesterday', '--store', store);
    expect(badAsOf.code).toBe(2);
    expect(badAsOf.err).toMatch(/^banjian trail: --as-of "yesterday" is neither/);
    expect(badAsOf.err.trimEnd().split('\n')).toHaveLength(1);
  });
});
