import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteVaultBackend } from '@banjian/adapters';
import { createLocalMasterKeys, createVault, exportEventLog, verifyAccessLog, verifyLog, type PersonalDataVault, type RawEventSource } from '@banjian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptance, application, APPLICANT, at, AUDITOR, body, CITY_CLERK, CLERK, SYSTEM } from './hall.fixture';
import { startTestService, type TestService } from './harness.fixture';

const PERSON = { name: '张三', idNumber: '110101199003077777', phone: '13800138000' };
let h: TestService;
let vault: PersonalDataVault;
let dir: string;

const send = async (method: string, path: string, as: typeof CLERK, payload?: unknown) => {
  const res = await fetch(`${h.service.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await h.token(as)}`, 'content-type': 'application/json' },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
};
const readAs = (as: typeof CLERK, query = '?caseId=c-1&purpose=%E9%80%81%E8%BE%BE') => send('GET', `/applicants/p-7/personal-data${query}`, as);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'banjian-vault-'));
  vault = createVault({
    backend: createSqliteVaultBackend({ path: join(dir, 'private.db') }),
    keys: createLocalMasterKeys({ keys: { k1: randomBytes(32) }, current: 'k1' }),
    retention: { default: { years: 3 } },
    now: () => (h ? h.clock : new Date()),
  });
  h = await startTestService({ vault });
  await h.posted(application('c-1'), CLERK);
  await h.posted(acceptance('c-1'), CLERK);
  await h.posted(body('MakeDecision', { caseId: 'c-1', outcome: 'approved', legalBasis: '食品安全法 §35' }, CLERK, at('2025-03-12', '14:50')), CLERK);
  await h.posted(body('CompleteCase', { caseId: 'c-1', result: 'issued', licence: { name: '食品经营许可证', number: 'JY-1' } }, CLERK, at('2025-03-12', '15:00')), CLERK);
});

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('personal data through the hall service', () => {
  it('given the clerk records the applicant’s data for their case, then the clerk reads it back with a purpose, and the read is logged', async () => {
    expect(await send('PUT', '/applicants/p-7/personal-data', CLERK, { caseId: 'c-1', purpose: '收件登记', data: PERSON })).toMatchObject({
      status: 201, json: { ref: 'p-7', state: 'held', fields: ['idNumber', 'name', 'phone'] },
    });
    expect(await readAs(CLERK)).toEqual({ status: 200, json: { ref: 'p-7', data: PERSON } });
    expect((await vault.accessLog('p-7')).at(-1)).toMatchObject({ actor: { kind: 'staff', id: 's-market' }, caseId: 'c-1', purpose: '送达', action: 'read', outcome: 'ok' });
  });

  it('given a read without a purpose or a case, then 400; staff of another hall, an auditor or another applicant, then refused', async () => {
    expect(await readAs(CLERK, '?caseId=c-1')).toMatchObject({ status: 400, json: { field: 'purpose' } });
    expect(await readAs(CLERK, '?purpose=x')).toMatchObject({ status: 400, json: { field: 'caseId' } });
    expect((await readAs(CITY_CLERK)).status).toBe(404);
    expect((await readAs(AUDITOR)).status).toBe(403);
    expect((await readAs({ kind: 'applicant', id: 'p-other' }, '')).status).toBe(404);
    expect(await readAs(APPLICANT, '')).toEqual({ status: 200, json: { ref: 'p-7', data: PERSON } });
  });

  it('given the log, then neither the event log nor its export holds any personal field', async () => {
    const lines: string[] = [];
    for await (const line of exportEventLog(h.service.store)) lines.push(line);
    const text = lines.join('\n');
    expect(text).toContain('p-7');
    for (const value of Object.values(PERSON)) expect(text).not.toContain(value);
  });

  it('given a lawful erasure, then the log still verifies, the report is unchanged, the trail shows the fields erased and a read is 410 erased', async () => {
    const report = () => h.get('/report?from=2025-03-01&to=2025-04-01&hall=county-1', SYSTEM);
    const before = await report();
    expect(await send('POST', '/applicants/p-7/erasure', CLERK, { basis: '申请人删除请求 2025-001' })).toMatchObject({ status: 403, json: { rule: 'personalData.erasureBySystemOnly' } });
    expect(await send('POST', '/applicants/p-7/erasure', SYSTEM, { basis: '申请人删除请求 2025-001' })).toMatchObject({ status: 200, json: { state: 'erased', erasureReason: 'erasureRequest' } });

    expect(await verifyLog((h.service.store as unknown as RawEventSource).readRaw())).toMatchObject({ ok: true });
    expect(await report()).toEqual(before);
    const trail = await h.get('/cases/c-1/trail', CLERK);
    expect(trail.json.personalData).toMatchObject({ ref: 'p-7', state: 'erased', fields: ['idNumber', 'name', 'phone'], erasureReason: 'erasureRequest' });
    expect(await readAs(CLERK)).toMatchObject({ status: 410, json: { kind: 'erased', ref: 'p-7' } });
    expect(verifyAccessLog(await vault.accessLog())).toMatchObject({ intact: true });
  });

  it('given another applicant’s data past its retention, when the service sweeps, then it is erased, logged as the service’s, and the earlier erasure stands', async () => {
    await h.posted(application('c-2'), CLERK);
    h.clock = new Date('2025-03-14T10:00:00+08:00');
    await vault.store('p-8', { name: '李四' }, { itemCode: 'LIC-1', access: { actor: CLERK, caseId: 'c-2', purpose: '收件登记' } });
    expect(await h.service.sweepNow()).toEqual([]);
    h.clock = new Date('2028-03-14T10:00:00+08:00');
    expect(await h.service.sweepNow()).toEqual(['p-8']);
    expect(await vault.status('p-8')).toMatchObject({ state: 'erased', erasureReason: 'retentionEnded' });
    expect(await vault.status('p-7')).toMatchObject({ state: 'erased', erasureReason: 'erasureRequest' });
    expect((await vault.accessLog('p-8')).at(-1)).toMatchObject({ actor: { kind: 'system', id: 'hall-service' }, action: 'erase', outcome: 'ok' });
  });
});
