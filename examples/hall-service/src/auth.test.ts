import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptance, application, APPLICANT, APPROVER, at, AUDITOR, body, CITY_CLERK, CITY_SUPERVISOR, CLERK, DEVICE, SYSTEM } from './hall.fixture';
import { startTestService, type TestService } from './harness.fixture';
import { DEV_AUDIENCE, DEV_ISSUER, issueToken } from './tokens';

let h: TestService;

beforeAll(async () => {
  h = await startTestService();
  await h.posted(application('c-1'), CLERK);
  await h.posted(acceptance('c-1'), CLERK);
  await h.posted({ ...application('c-other'), data: { ...application('c-other').data, applicant: { type: 'person', ref: 'p-other' } } }, CLERK);
});

afterAll(async () => {
  await h?.close();
});

const step = (when: string) => body('CompleteStep', { caseId: 'c-1', step: '审查', action: 'pass' }, CLERK, at('2025-03-11', when));

describe('the actor of a command is the credential’s', () => {
  it('given a clerk’s token, when the body names the system as actor, then 403 auth.actor.notCredential and nothing is stored', async () => {
    const before = await h.eventCount();
    const spoofed = body('ExtendTimeLimit', { caseId: 'c-1', by: { value: 5, unit: 'workingDays' }, approvedBy: 'whoever', reason: '需要' }, SYSTEM, at('2025-03-11', '09:00'));
    const reply = await h.post(spoofed, CLERK);
    expect(reply).toMatchObject({ status: 403, json: { kind: 'forbidden', rule: 'auth.actor.notCredential', actor: { kind: 'staff', id: 's-market' } } });
    expect(await h.eventCount()).toBe(before);
  });

  it('given a body naming the clerk at another window, then 403; naming nobody, then the credential’s actor with its directory window is recorded', async () => {
    const other = { ...step('09:10'), metadata: { ...step('09:10').metadata, actor: { ...CLERK, windowId: 'w-tax' } } };
    expect((await h.post(other, CLERK)).status).toBe(403);
    const { actor: _, ...anonymous } = step('09:20').metadata;
    const reply = await h.post({ ...step('09:20'), metadata: anonymous }, CLERK);
    expect(reply.status).toBe(201);
    expect(reply.json.events[0]).toMatchObject({ actor: { kind: 'staff', id: 's-market', windowId: 'w-market', departmentId: 'market' } });
  });

  it('given a body without metadata.at, then the business time is the server’s clock in the hall’s zone', async () => {
    h.clock = new Date('2025-03-11T02:30:00Z');
    const { at: _, ...untimed } = step('x').metadata;
    const reply = await h.post({ ...step('x'), metadata: { ...untimed, commandId: 'untimed-1' } }, CLERK);
    expect(reply).toMatchObject({ status: 201, json: { events: [{ occurredAt: '2025-03-11T10:30:00+08:00' }] } });
  });
});

describe('a hall-bound system console', () => {
  it('given a system token for the county hall, then it administers the county but not the city above it', async () => {
    const countyToken = await issueToken({ kind: 'system', sub: 'county-console', hall: 'county-1' }, { privateKeyPem: h.keys.privateKeyPem, issuer: DEV_ISSUER, audience: DEV_AUDIENCE, now: h.clock });
    const open = (hallId: string, windowId: string) => ({ type: 'OpenWindow', data: { hallId, windowId, kind: 'general' }, metadata: { commandId: `open-${windowId}` } });
    expect((await h.post(open('county-1', 'w-general'), countyToken)).status).toBe(201);
    expect(await h.post(open('city-1', 'w-city'), countyToken)).toMatchObject({ status: 403, json: { rule: 'auth.system.outsideHallTree' } });
    expect((await h.get('/watch?hall=city-1', countyToken)).status).toBe(403);
  });
});

describe('no request is anonymous but the progress look-up', () => {
  it('given no token, then 401 on commands and on every read', async () => {
    expect(await h.post(step('10:00'), undefined)).toMatchObject({ status: 401, json: { kind: 'unauthenticated' } });
    for (const path of ['/cases/c-1', '/cases/c-1/trail', '/watch', '/report?from=2025-03-01&to=2025-04-01&hall=county-1']) {
      expect((await h.get(path, undefined)).status).toBe(401);
    }
  });

  it('given an expired token, then 401 names the expiry', async () => {
    const expired = await h.token(CLERK, { now: new Date(h.clock.getTime() - 2 * 3600_000), ttlSeconds: 600 });
    expect(await h.get('/cases/c-1', expired)).toMatchObject({ status: 401, json: { kind: 'unauthenticated', reason: 'the token has expired' } });
  });

  it('given a tampered token (payload changed to the system, signature kept), then 401', async () => {
    const [header, , signature] = (await h.token(CLERK)).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'hall-admin', kind: 'system', iss: 'banjian-dev', aud: 'hall-service', iat: 1741000000, exp: 4102444800 })).toString('base64url');
    expect(await h.post(step('10:00'), `${header}.${forged}.${signature}`)).toMatchObject({ status: 401, json: { reason: 'the token is not signed by a trusted key' } });
  });

  it('given a token signed by an untrusted key, or for another issuer or audience, or not a JWT, then 401', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect((await h.get('/cases/c-1', await h.token(CLERK, { privateKeyPem: stranger }))).status).toBe(401);
    expect((await h.get('/cases/c-1', await h.token(CLERK, { issuer: 'someone-else' }))).json).toMatchObject({ reason: expect.stringContaining('iss') });
    expect((await h.get('/cases/c-1', await h.token(CLERK, { audience: 'another-service' }))).json).toMatchObject({ reason: expect.stringContaining('aud') });
    expect((await h.get('/cases/c-1', 'not-a-jwt')).status).toBe(401);
  });

  it('given an RSA key among the trusted ones, then its RS256 tokens are accepted', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = await startTestService({ auth: { publicKeys: [rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()], issuer: 'banjian-dev', audience: 'hall-service' } }, false);
    try {
      const token = await other.token(SYSTEM, { privateKeyPem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
      expect(token.split('.')[0]).toBe(Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url'));
      expect((await other.get('/watch', token)).status).toBe(200);
      expect((await other.get('/watch', await other.token(SYSTEM))).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('given a valid token for staff the directory does not know, then 401', async () => {
    expect(await h.get('/cases/c-1', await h.token({ kind: 'staff', id: 'ghost' }))).toMatchObject({ status: 401, json: { reason: expect.stringContaining('ghost') } });
  });
});

describe('reads are scoped', () => {
  it('given county staff, then their hall’s case is readable; city staff get 404 for it and 403 for the county’s watch', async () => {
    expect((await h.get('/cases/c-1', CLERK)).status).toBe(200);
    expect((await h.get('/cases/c-1/trail', CLERK)).status).toBe(200);
    expect((await h.get('/cases/c-1', CITY_CLERK)).status).toBe(404);
    expect((await h.get('/cases/c-1/trail', CITY_CLERK)).status).toBe(404);
    expect(await h.get('/watch?hall=county-1', CITY_CLERK)).toMatchObject({ status: 403, json: { rule: 'read.outOfScope' } });
    expect((await h.get('/report?from=2025-03-01&to=2025-04-01&hall=county-1', CITY_CLERK)).status).toBe(403);
  });

  it('given the city supervisor, then the county hall under the city is in their tree', async () => {
    expect((await h.get('/cases/c-1', CITY_SUPERVISOR)).status).toBe(200);
    expect((await h.get('/report?from=2025-03-01&to=2025-04-01&hall=county-1', CITY_SUPERVISOR)).status).toBe(200);
    const watch = await h.get('/watch?at=2025-03-19T09:00:00%2B08:00', CITY_SUPERVISOR);
    expect(watch.json.cases.map((c: { caseId: string }) => c.caseId)).toContain('c-1');
  });

  it('given county staff asking the watch for no hall, then it covers only their hall', async () => {
    const watch = await h.get('/watch?at=2025-03-19T09:00:00%2B08:00', CITY_CLERK);
    expect(watch).toMatchObject({ status: 200, json: { open: 0 } });
  });

  it('given the auditor, then they read the hall’s cases but every command is refused', async () => {
    expect((await h.get('/cases/c-1/trail', AUDITOR)).status).toBe(200);
    const reply = await h.post(body('CompleteStep', { caseId: 'c-1', step: '审查', action: 'pass' }, AUDITOR, at('2025-03-12', '09:00')), AUDITOR);
    expect(reply).toMatchObject({ status: 403, json: { rule: 'auth.readOnlyRole' } });
  });

  it('given the applicant, then their own case is readable, another’s is 404, and hall-wide reads are 403', async () => {
    expect((await h.get('/cases/c-1', APPLICANT)).status).toBe(200);
    expect((await h.get('/cases/c-other', APPLICANT)).status).toBe(404);
    expect((await h.get('/watch', APPLICANT)).status).toBe(403);
    expect((await h.get('/report?from=2025-03-01&to=2025-04-01&hall=county-1', APPLICANT)).status).toBe(403);
  });

  it('given an evaluation device, then it reads nothing', async () => {
    expect((await h.get('/cases/c-1', DEVICE)).status).toBe(404);
    expect((await h.get('/watch', DEVICE)).status).toBe(403);
  });
});

describe('business time is the server’s', () => {
  it('given a body dated an hour before the server’s clock, then 400 businessTime and nothing is stored', async () => {
    h.clock = new Date('2025-03-12T10:00:00+08:00');
    const before = await h.eventCount();
    const token = await h.token(CLERK, { ttlSeconds: 7200 });
    const reply = await h.post(body('CompleteStep', { caseId: 'c-1', step: '审核', action: 'pass' }, CLERK, at('2025-03-12', '10:00')), token, {});
    expect(reply.status).toBe(201);
    h.clock = new Date('2025-03-12T11:00:00+08:00');
    const dated = body('CompleteStep', { caseId: 'c-1', step: '审批', action: 'pass' }, CLERK, '2025-03-12T10:05:00+08:00');
    const res = await fetch(`${h.service.url}/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(dated) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'businessTime', rule: 'businessTime.notBehind', field: 'metadata.at' });
    expect(await h.eventCount()).toBe(before + 1);
  });

  it('given window staff sending a late entry 补录, then 403 auth.lateEntry.role; the department’s approver may, at the declared past time', async () => {
    h.clock = new Date('2025-03-13T10:00:00+08:00');
    const late = (actor: typeof CLERK, commandId: string) => ({
      type: 'RecordLateEntry',
      data: { caseId: 'c-1', reason: '系统停机期间纸质登记', entry: { type: 'CompleteStep', data: { caseId: 'c-1', step: '复核', action: 'pass' } } },
      metadata: { commandId, actor, at: '2025-03-12T16:00:00+08:00' },
    });
    const before = await h.eventCount();
    expect(await h.post(late(CLERK, 'late-1'), CLERK)).toMatchObject({ status: 403, json: { kind: 'forbidden', rule: 'auth.lateEntry.role' } });
    expect(await h.eventCount()).toBe(before);
    const allowed = await h.post(late(APPROVER, 'late-2'), APPROVER);
    expect(allowed.status).toBe(201);
    expect(allowed.json.events.at(-1)).toMatchObject({ occurredAt: '2025-03-12T16:00:00+08:00', actor: { id: 'appr-market' } });
  });
});
