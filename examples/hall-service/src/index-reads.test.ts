import { readModelDatabaseOf } from '@banjian/adapters';
import type { SqlDatabase } from '@banjian/core';
import { createCaseIndex } from '@banjian/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptance, APPLICANT, application, at, CITY_CLERK, CITY_SUPERVISOR, CLERK, DEVICE, SYSTEM } from './hall.fixture';
import { startTestService, type TestService } from './harness.fixture';

let h: TestService;

beforeAll(async () => {
  h = await startTestService();
  // c-a is due first (accepted a day earlier), c-b next; c-wait is submitted, not accepted: on no work queue.
  await h.posted(application('c-a'), CLERK);
  await h.posted(acceptance('c-a'), CLERK);
  await h.posted(application('c-b', at('2025-03-11', '09:30')), CLERK);
  await h.posted(acceptance('c-b', at('2025-03-11', '10:00')), CLERK);
  await h.posted(application('c-wait', at('2025-03-11', '10:30')), CLERK);
});

afterAll(async () => {
  await h?.close();
});

const get = async (path: string, as = CLERK, headers: Record<string, string> = {}) => {
  const res = await fetch(`${h.service.url}${path}`, { headers: { authorization: `Bearer ${await h.token(as)}`, ...headers } });
  return { status: res.status, checkpoint: res.headers.get('x-banjian-checkpoint'), json: (await res.json()) as Record<string, any> };
};
const ids = (reply: { json: Record<string, any> }) => (reply.json.rows as { caseId: string }[]).map((r) => r.caseId);

describe('work queues and look-ups from the case index in the database', () => {
  it('given two accepted cases and one waiting, when the window, department and staff queues are asked, then the accepted ones come most urgent first, naming the checkpoint', async () => {
    const head = await h.eventCount();
    for (const owner of ['window=w-market', 'department=market', 'staff=s-market']) {
      const queue = await get(`/queue?hall=county-1&${owner}`);
      expect(queue.status).toBe(200);
      expect(ids(queue)).toEqual(['c-a', 'c-b']);
      expect(queue.checkpoint).toBe(String(head));
      expect(queue.json.asOf).toEqual({ checkpoint: head, version: 1 });
    }
    const [first] = (await get('/queue?window=w-market')).json.rows;
    expect(first).toMatchObject({ caseNo: 'NO-c-a', state: 'inProgress', open: true, promisedDueAt: '2025-03-17T09:30:00.000Z' });
  });

  it('given a page of one, then the next page goes on from its cursor and the last has none', async () => {
    const one = await get('/queue?window=w-market&limit=1');
    expect(ids(one)).toEqual(['c-a']);
    const two = await get(`/queue?window=w-market&limit=1&after=${one.json.next}`);
    expect(ids(two)).toEqual(['c-b']);
    expect(two.json.next).toBeNull();
    expect(await get('/queue?window=w-market&after=nonsense')).toMatchObject({ status: 400, json: { field: 'after' } });
  });

  it('given an instant, then the overdue list has the case past its due time and the approaching list the one due within the hours', async () => {
    const when = encodeURIComponent('2025-03-18T09:00:00+08:00');
    expect(ids(await get(`/overdue?at=${when}`))).toEqual(['c-a']);
    expect(ids(await get(`/approaching?at=${when}&withinHours=24`))).toEqual(['c-b']);
  });

  it('given a case number or an applicant ref, then only the cases the caller may read come back', async () => {
    expect(ids(await get('/cases?caseNo=NO-c-a'))).toEqual(['c-a']);
    expect(ids(await get('/cases?caseNo=NO-c-a', CITY_SUPERVISOR))).toEqual(['c-a']);
    expect(ids(await get('/cases?caseNo=NO-c-a', CITY_CLERK))).toEqual([]);
    expect(ids(await get('/cases?caseNo=NO-c-a', DEVICE))).toEqual([]);
    expect(ids(await get('/cases?applicant=p-7', APPLICANT))).toEqual(['c-a', 'c-b', 'c-wait']);
    expect(ids(await get('/cases?applicant=p-7', { kind: 'applicant', id: 'p-8' }))).toEqual([]);
    expect(await get('/cases')).toMatchObject({ status: 400, json: { field: 'caseNo' } });
  });

  it('given a hall outside the scope, then the hall-wide lists answer 403; an applicant has no hall-wide list', async () => {
    expect(await get('/queue?hall=county-1&window=w-market', CITY_CLERK)).toMatchObject({ status: 403, json: { rule: 'read.outOfScope' } });
    expect((await get('/queue?hall=county-1&window=w-market', CITY_SUPERVISOR)).status).toBe(200);
    expect((await get('/overdue?hall=county-1', APPLICANT)).status).toBe(403);
    expect((await get('/queue?window=w-market', APPLICANT)).status).toBe(403);
    expect((await get('/overdue', SYSTEM)).status).toBe(200);
  });
});

describe('reading one’s own write when `banjian project` workers keep the index', () => {
  let w: TestService;
  let db: SqlDatabase;
  beforeAll(async () => {
    w = await startTestService({ readModelOptions: { projector: 'workers', waitMs: 300 } });
    db = readModelDatabaseOf(w.service.store)!;
  });
  afterAll(async () => {
    await db?.close();
    await w?.close();
  });

  it('given no worker ran, when a read asks for the position of its write, then 503 names how far the index is; once a worker caught up, the case is there', async () => {
    await w.posted(application('c-mine'), CLERK);
    const accepted = await w.post(acceptance('c-mine'), CLERK);
    expect(accepted.status).toBe(201);
    const mine = { 'x-banjian-min-checkpoint': String(accepted.position) };
    const ask = async () => {
      const res = await fetch(`${w.service.url}/queue?window=w-market`, { headers: { authorization: `Bearer ${await w.token(CLERK)}`, ...mine } });
      return { status: res.status, json: (await res.json()) as Record<string, any> };
    };
    expect(await ask()).toMatchObject({ status: 503, json: { kind: 'readModelBehind', wanted: accepted.position, checkpoint: null } });

    await createCaseIndex({ store: w.service.store, db }).catchUp();
    const after = await ask();
    expect(after.status).toBe(200);
    expect(after.json.rows.map((r: { caseId: string }) => r.caseId)).toEqual(['c-mine']);
    expect(after.json.asOf.checkpoint).toBeGreaterThanOrEqual(accepted.position!);
  });

  it('given the index behind the position asked, when the watch is asked, then it is folded from the log; at it, the index names the cases', async () => {
    const watch = async (position: number) => {
      const res = await fetch(`${w.service.url}/watch?at=2025-03-19T09:00:00%2B08:00`, {
        headers: { authorization: `Bearer ${await w.token(CLERK)}`, 'x-banjian-min-checkpoint': String(position) },
      });
      return { status: res.status, json: (await res.json()) as Record<string, any> };
    };
    const head = await w.eventCount();
    const folded = await watch(head + 1);
    expect(folded.status).toBe(200);
    expect(folded.json.asOf).toBeUndefined();
    const indexed = await watch(head);
    expect(indexed.json.asOf).toEqual({ checkpoint: head });
    expect(indexed.json.cases).toEqual(folded.json.cases);
    expect(indexed.json.cases.map((c: { caseId: string }) => c.caseId)).toEqual(['c-mine']);
  });

  it('given no figure facts, when the report is asked, then it is folded from the log and says so', async () => {
    const res = await fetch(`${w.service.url}/report?from=2025-03-01&to=2025-04-01&hall=county-1`, { headers: { authorization: `Bearer ${await w.token(CLERK)}` } });
    const report = (await res.json()) as Record<string, any>;
    expect(res.status).toBe(200);
    expect(report.source).toEqual({ model: 'log', checkpoint: await w.eventCount() });
    expect(report.figures.accepted.value).toBe(1);
  });
});
