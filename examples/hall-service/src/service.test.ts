import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './harness.fixture';
import { acceptance, application, at, body, CLERK, DEVICE, APPLICANT, SYSTEM } from './hall.fixture';

let h: TestService;
const post = (command: unknown, headers: Record<string, string> = {}) =>
  h.post(command, (command as { metadata?: { actor?: typeof CLERK } }).metadata?.actor ?? CLERK, headers);
const posted = (command: { metadata: { actor: typeof CLERK } }) => h.posted(command, command.metadata.actor);
const get = (path: string) => h.get(path, SYSTEM);
const eventCount = () => h.eventCount();

beforeAll(async () => {
  h = await startTestService();
});

afterAll(async () => {
  await h?.close();
});

describe('hall service over HTTP', () => {
  it('given a registered hall, when a case is submitted, accepted, decided, completed and evaluated, then its summary, trail and the report show it', async () => {
    const submitted = await posted(application('c-1'));
    expect(submitted).toMatchObject({ streamId: 'case-c-1', version: 0, alreadyDone: false, events: [{ type: 'ApplicationSubmitted', streamPosition: 0 }] });
    await posted(acceptance('c-1'));
    await posted(body('MakeDecision', { caseId: 'c-1', outcome: 'approved', legalBasis: '食品安全法 §35' }, CLERK, at('2025-03-12', '15:00')));
    await posted(body('CompleteCase', { caseId: 'c-1', result: 'issued', licence: { name: '食品经营许可证', number: 'JY-0001' } }, CLERK, at('2025-03-12', '15:10')));
    await posted(body('SubmitEvaluation', { caseId: 'c-1', evaluationId: 'ev-1', level: 5, channel: 'device', round: 'first', realName: false, windowId: 'w-market', staffId: 's-market' }, DEVICE, at('2025-03-12', '15:12')));

    const summary = await get('/cases/c-1?at=2025-03-13T09:00:00%2B08:00');
    expect(summary.status).toBe(200);
    expect(summary.etag).toBe('"4"');
    expect(summary.json).toMatchObject({ version: 4, summary: { caseId: 'c-1', caseNo: 'NO-c-1', state: 'completed', holder: { departmentId: 'market', windowId: 'w-market' }, clock: { onTime: true, promisedDueAt: '2025-03-17T17:30:00+08:00' } } });

    const trail = await get('/cases/c-1/trail');
    expect(trail.status).toBe(200);
    expect(trail.json.entries.map((e: { type: string }) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted', 'DecisionMade', 'CaseCompleted', 'EvaluationSubmitted']);
    expect(trail.json.entries[1]).toMatchObject({ actor: { kind: 'staff', id: 's-market' }, windowId: 'w-market', streamPosition: 1 });

    const report = await get('/report?from=2025-03-01&to=2025-04-01&hall=county-1');
    expect(report.status).toBe(200);
    expect(report.json.hall).toMatchObject({ id: 'county-1', name: '某县政务服务中心' });
    expect(report.json.checkpoint).toBe(await eventCount());
    // Summed in the database from the figure facts the service keeps beside the log.
    expect(report.json.source).toMatchObject({ model: 'figureFacts', checkpoint: await eventCount() });
    expect(report.json.figures).toMatchObject({
      applications: { value: 1, definition: 'applications@1' },
      accepted: { value: 1 },
      completed: { value: 1 },
      onTimeRate: { value: 100, display: '100.00%', numerator: 1, denominator: 1 },
      satisfactionRate: { value: 100, numerator: 1, denominator: 1 },
    });
  });

  it('given an open case, when the watch is asked at an instant, then the case is listed at its alert level', async () => {
    await posted(application('c-open'));
    await posted(acceptance('c-open'));
    const watch = await get('/watch?at=2025-03-19T09:00:00%2B08:00&hall=county-1');
    expect(watch.status).toBe(200);
    expect(watch.json.cases).toEqual([expect.objectContaining({ caseId: 'c-open', level: 'yellowCard', departmentId: 'market' })]);
    expect(watch.json.counts.yellowCard).toBe(1);
  });

  it('given a command missing a field or with an unknown one, then 400 names the field and nothing is stored', async () => {
    const before = await eventCount();
    const missing = await post(body('RejectCase', { caseId: 'c-1', reason: '材料不全' }, CLERK, at('2025-03-20', '10:00')));
    expect(missing).toMatchObject({ status: 400, json: { kind: 'decode', field: 'data.legalBasis' } });
    const unknown = await post(body('ResumeClock', { caseId: 'c-1', colour: 'red' }, CLERK, at('2025-03-20', '10:00')));
    expect(unknown).toMatchObject({ status: 400, json: { kind: 'decode', field: 'data.colour' } });
    expect(await h.post('{"type": ', CLERK)).toMatchObject({ status: 400, json: { kind: 'decode', field: '(body)' } });
    expect(await eventCount()).toBe(before);
  });

  it('given a completed case, when it is accepted again, then 400 carries the typed illegal-transition error', async () => {
    const reply = await post(acceptance('c-1', at('2025-03-20', '10:00')));
    expect(reply).toMatchObject({ status: 400, json: { kind: 'illegalTransition', caseId: 'c-1', state: 'completed', streamId: 'case-c-1' } });
    expect(reply.json.rule).toEqual(expect.any(String));
  });

  it('given the applicant, when they try to accept their own case, then 403 forbidden names the rule', async () => {
    await posted(application('c-self'));
    const reply = await post(body('AcceptCase', { caseId: 'c-self', windowId: 'w-market', staffId: 's-market' }, APPLICANT, at('2025-03-10', '10:00')));
    expect(reply).toMatchObject({ status: 403, json: { kind: 'forbidden', caseId: 'c-self', rule: 'auth.applicant.notPermitted', actor: APPLICANT } });
  });

  it('given unknown cases, routes and halls, then 404', async () => {
    expect((await post(acceptance('c-none'))).status).toBe(404);
    expect((await get('/cases/c-none')).status).toBe(404);
    expect((await get('/cases/c-none/trail')).status).toBe(404);
    expect((await get('/report?from=2025-03-01&to=2025-04-01&hall=nowhere')).status).toBe(404);
    expect((await get('/nothing-here')).status).toBe(404);
  });

  it('given a bad report query, then 400 names the parameter', async () => {
    expect(await get('/report?to=2025-04-01')).toMatchObject({ status: 400, json: { field: 'from' } });
    expect(await get('/report?from=2025-03-01&to=2025-04-01&by=colour')).toMatchObject({ status: 400, json: { field: 'by' } });
  });

  it('given a client that read version n, when the case moved on before its command, then 409 and nothing is stored; with the fresh version it goes through', async () => {
    await posted(application('c-race'));
    const seen = await get('/cases/c-race?at=2025-03-10T09:40:00%2B08:00');
    expect(seen.etag).toBe('"0"');
    // another window records a visit first
    await posted(body('RecordVisit', { caseId: 'c-race', purpose: 'supplement' }, CLERK, at('2025-03-10', '09:45')));
    const before = await eventCount();
    const stale = await post(acceptance('c-race'), { 'if-match': seen.etag! });
    expect(stale).toMatchObject({ status: 409, json: { kind: 'concurrency', streamId: 'case-c-race', expected: 0, actual: 1 } });
    expect(await eventCount()).toBe(before);
    const fresh = await post(acceptance('c-race'), { 'if-match': '"1"' });
    expect(fresh).toMatchObject({ status: 201, json: { version: 2 } });
    expect(await post(acceptance('c-race'), { 'if-match': 'soon' })).toMatchObject({ status: 400, json: { field: 'If-Match' } });
  });

  it('given a command already handled, when the same commandId comes again, then the same result comes back and no event is added', async () => {
    const command = application('c-twice');
    const first = await post(command);
    const before = await eventCount();
    const again = await post({ ...command, metadata: { ...command.metadata, at: at('2025-03-10', '09:32') } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ alreadyDone: true, version: first.json.version, events: first.json.events });
    expect(await eventCount()).toBe(before);
  });
});
