import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptance, application, at, body, CLERK } from './hall.fixture';
import { startTestService, type TestService } from './harness.fixture';
import { createMemoryQueryCodes } from './query-codes';

let h: TestService;
const codes = createMemoryQueryCodes();
let code: string;
const submission = application('c-p');

const lookUp = async (caseNo: string, queryCode: string) => {
  const res = await fetch(`${h.service.url}/progress/${encodeURIComponent(caseNo)}?code=${encodeURIComponent(queryCode)}`);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as Record<string, any> };
};

beforeAll(async () => {
  h = await startTestService({ queryCodes: codes, progressRateLimit: { limit: 6, windowMs: 60_000 } });
  const submitted = await h.posted(submission, CLERK);
  code = submitted.queryCode;
  await h.posted(body('RequestCorrection', { caseId: 'c-p', missing: ['营业执照', '场所证明'] }, CLERK, at('2025-03-10', '09:40')), CLERK);
  await h.posted(body('SupplyCorrection', { caseId: 'c-p', materials: ['营业执照'] }, CLERK, at('2025-03-10', '09:50')), CLERK);
});

afterAll(async () => {
  await h?.close();
});

describe('办件进度查询 by case number and query code', () => {
  it('given a new application, then the reply carries an 8-character query code once and only its salted hash is stored', async () => {
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const stored = await codes.get('c-p');
    expect(stored!.salt.length).toBe(16);
    expect(stored!.hash.toString('hex')).not.toContain(Buffer.from(code).toString('hex'));
    const again = await h.post(submission, CLERK);
    expect(again.status).toBe(200);
    expect(again.json.queryCode).toBeUndefined();
  });

  it('given the right code and no token, then state, steps with times and windows, and what is missing; nothing personal', async () => {
    h.clock = new Date('2025-03-10T10:00:00+08:00');
    const reply = await lookUp('NO-c-p', code);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      caseNo: 'NO-c-p',
      itemCode: 'LIC-1',
      state: 'submitted',
      steps: [
        { type: 'ApplicationSubmitted', label: { zh: '申请/收件', en: 'application submitted' }, at: '2025-03-10T09:30:00+08:00', windowId: 'w-market', departmentId: 'market' },
        { type: 'CorrectionRequested', label: { zh: '补齐补正告知', en: 'correction requested' }, at: '2025-03-10T09:40:00+08:00', windowId: 'w-market', departmentId: 'market' },
        { type: 'CorrectionSupplied', label: { zh: '补正材料收到', en: 'correction supplied' }, at: '2025-03-10T09:50:00+08:00', windowId: 'w-market', departmentId: 'market' },
      ],
      missing: ['场所证明'],
    });
    const text = JSON.stringify(reply.json);
    expect(text).not.toContain('p-7');
    expect(text).not.toContain('s-market');
  });

  it('given the case accepted, then the due date is shown and nothing is missing', async () => {
    await h.posted(acceptance('c-p', at('2025-03-10', '10:30')), CLERK);
    const reply = await lookUp('NO-c-p', code.toLowerCase());
    expect(reply.json).toMatchObject({ state: 'inProgress', dueAt: '2025-03-17T17:30:00+08:00', missing: [] });
  });

  it('given a wrong code, then the answer is exactly the unknown case’s', async () => {
    const wrong = await lookUp('NO-c-p', code === 'ABCDEFGH' ? 'ABCDEFGJ' : 'ABCDEFGH');
    const unknown = await lookUp('NO-nothing', code);
    expect(wrong.status).toBe(404);
    expect(wrong).toEqual(unknown);
  });

  it('given a lost code, when hall staff issue a new one, then the old one stops working', async () => {
    const reissued = await h.get('/cases/c-p', CLERK);
    expect(reissued.status).toBe(200);
    const res = await fetch(`${h.service.url}/cases/c-p/query-code`, { method: 'POST', headers: { authorization: `Bearer ${await h.token(CLERK)}` } });
    const fresh = ((await res.json()) as { queryCode: string }).queryCode;
    expect(res.status).toBe(201);
    expect((await lookUp('NO-c-p', code)).status).toBe(404);
    expect((await lookUp('NO-c-p', fresh)).status).toBe(200);
  });

  it('given one client over its limit, then 429 with Retry-After, right code or not, until the window passes', async () => {
    h.clock = new Date('2025-03-11T09:00:00+08:00');
    const replies = [];
    for (let i = 0; i < 7; i++) replies.push(await lookUp('NO-c-p', 'WRONG234'));
    expect(replies.slice(0, 6).map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(replies[6]).toMatchObject({ status: 429, retryAfter: '60', json: { kind: 'rateLimited' } });
    h.clock = new Date('2025-03-11T09:01:00+08:00');
    expect((await lookUp('NO-c-p', 'WRONG234')).status).toBe(404);
  });
});
