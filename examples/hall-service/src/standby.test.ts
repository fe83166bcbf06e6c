import { openReadModelDatabase } from '@banjian/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The adapters' own primary + standby harness (test support, not part of the package's API).
import { findPostgresBin, startFailoverCluster, type FailoverCluster } from '../../../packages/adapters/src/postgres/failover-cluster.support';
import { acceptance, application, CLERK } from './hall.fixture';
import { startTestService, type TestService } from './harness.fixture';

/**
 * A real PostgreSQL primary and synchronous hot standby (the installed server, temporary folders,
 * free ports): the service writes to the primary and reads its work queues from the standby.
 * Without an installed server a developer's run skips it with one line; under CI it fails.
 */
const bin = findPostgresBin();
if (!bin && process.env.CI === 'true') throw new Error('standby test: no PostgreSQL server binaries found (BANJIAN_PG_BIN, /usr/lib/postgresql/*/bin), and CI=true');
if (!bin) process.stderr.write('skipped standby.test.ts: no PostgreSQL server binaries installed\n');

describe.skipIf(!bin)('the hall service reading a hot standby', () => {
  let cluster: FailoverCluster;
  let h: TestService;
  beforeAll(async () => {
    cluster = await startFailoverCluster();
    h = await startTestService({
      storeUrl: `${cluster.primary.url}?schema=hall`,
      readModelOptions: { readStoreUrl: `${cluster.standby.url}?schema=hall&application_name=hall_reads`, waitMs: 10_000 },
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await cluster?.stop();
  });

  it('given a case accepted on the primary, when its work queue is read, then the standby answers with the case and the checkpoint of the write', async () => {
    await h.posted(application('c-standby'), CLERK);
    const accepted = await h.post(acceptance('c-standby'), CLERK);
    expect(accepted.status).toBe(201);
    const res = await fetch(`${h.service.url}/queue?window=w-market`, {
      headers: { authorization: `Bearer ${await h.token(CLERK)}`, 'x-banjian-min-checkpoint': String(accepted.position) },
    });
    const body = (await res.json()) as { rows: { caseId: string }[]; asOf: { checkpoint: number } };
    expect(res.status).toBe(200);
    expect(body.rows.map((r) => r.caseId)).toEqual(['c-standby']);
    expect(body.asOf.checkpoint).toBe(accepted.position);
    expect(res.headers.get('x-banjian-checkpoint')).toBe(String(accepted.position));

    // The queries went to the standby: it is in recovery and holds the service's read connection.
    const standby = await openReadModelDatabase(cluster.standby.url);
    try {
      const [row] = await standby.query<{ recovering: boolean; reads: number }>(
        `SELECT pg_is_in_recovery() AS recovering, (SELECT count(*)::int FROM pg_stat_activity WHERE application_name = 'hall_reads') AS reads`,
      );
      expect(row!.recovering).toBe(true);
      expect(row!.reads).toBeGreaterThan(0);
    } finally {
      await standby.close();
    }
  });
});
