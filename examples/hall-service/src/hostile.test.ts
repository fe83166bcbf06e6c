import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, CLERK, SYSTEM } from './hall.fixture';
import { startTestService, type TestService } from './harness.fixture';

let h: TestService;

beforeAll(async () => {
  h = await startTestService({ maxBodyBytes: 300_000, headersTimeoutMs: 200, requestTimeoutMs: 400 });
  await h.posted(application('c-1'), CLERK);
});

afterAll(async () => {
  await h?.close();
});

/** Writes raw bytes to the service and collects what comes back until the server closes the socket. */
const raw = (chunks: readonly string[]): Promise<{ text: string; closedByServer: boolean }> =>
  new Promise((resolve, reject) => {
    const { port } = new URL(h.service.url);
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (text += d));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, closedByServer: true }));
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
  });

const statusOf = (text: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);

const postText = async (text: string, token?: string) => {
  const res = await fetch(`${h.service.url}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await h.token(CLERK))}` },
    body: text,
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
};

describe('hostile request bodies get 4xx, never 500', () => {
  it('given 100 000 nested arrays, or a command whose data nests 10 000 deep, then 400 names the depth', async () => {
    const nested = await postText('['.repeat(100_000) + ']'.repeat(100_000));
    expect(nested.status).toBe(400);
    const deepData = `{"type":"SubmitApplication","data":{"caseId":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}},"metadata":{"commandId":"deep"}}`;
    expect(await postText(deepData)).toMatchObject({ status: 400, json: { kind: 'decode', reason: 'nested deeper than 32 levels' } });
  });

  it('given an id with a lone surrogate or a NUL, then 400 names the field and nothing is stored', async () => {
    const before = await h.eventCount();
    const command = application('c-x');
    for (const caseId of ['\ud800', 'a\udc00b', 'c\u0000d']) {
      const reply = await postText(JSON.stringify({ ...command, data: { ...command.data, caseId } }));
      expect(reply).toMatchObject({ status: 400, json: { kind: 'decode', field: 'data.caseId' } });
    }
    expect(await h.eventCount()).toBe(before);
  });

  it('given bytes that are not UTF-8, then 400', async () => {
    const res = await fetch(`${h.service.url}/commands`, { method: 'POST', headers: { authorization: `Bearer ${await h.token(CLERK)}` }, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
    expect(res.status).toBe(400);
  });

  it('given a body over the limit, then 413 whether or not it declared its length', async () => {
    expect((await postText(`{"pad":"${'x'.repeat(300_000)}"}`)).status).toBe(413);
    const chunked = await raw([
      `POST /commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${await h.token(CLERK)}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      `${(400_000).toString(16)}\r\n${'x'.repeat(400_000)}\r\n0\r\n\r\n`,
    ]);
    expect(statusOf(chunked.text)).toBe(413);
  });
});

describe('hostile paths get 4xx', () => {
  it.each([
    ['/cases/%E0%A4%A', 'caseId'],
    ['/cases/%ED%A0%80/trail', 'caseId'],
    ['/cases/a%00b', 'caseId'],
    ['/progress/%FF?code=ABCDEFGH', 'caseNo'],
  ])('given %s, then 400 names %s', async (path, field) => {
    const reply = await h.get(path, SYSTEM);
    expect(reply).toMatchObject({ status: 400, json: { kind: 'decode', field } });
  });
});

describe('slow or unfinished requests do not hold a socket', () => {
  it('given headers that never end, then the server answers 408 and closes the socket', async () => {
    const reply = await raw(['GET /watch HTTP/1.1\r\nHost: x\r\n']);
    expect(reply.closedByServer).toBe(true);
    expect(statusOf(reply.text)).toBe(408);
  });

  it('given a body that never arrives in full, then the server answers 408 and closes the socket', async () => {
    const reply = await raw([`POST /commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${await h.token(CLERK)}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":`]);
    expect(reply.closedByServer).toBe(true);
    expect(statusOf(reply.text)).toBe(408);
  });
});
