import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPostgresEventStore, type PostgresEventStore } from '@banjian/adapters';
import type { Actor } from '@banjian/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// The adapters' loopback port finder (test support, not part of the package's API).
import { freePort } from '../../../packages/adapters/src/postgres/failover-cluster.support';
import { application, body, CLERK, hallSetup, HALL, SYSTEM } from './hall.fixture';
import { DEV_AUDIENCE, DEV_ISSUER, generateTokenKeys, issueToken } from './tokens';

const PG_URL = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const serviceDir = fileURLToPath(new URL('..', import.meta.url));
const schema = `bj_hall_scale_${process.pid}_${randomBytes(4).toString('hex')}`;
const storeUrl = `${PG_URL}?schema=${schema}`;
/** The vault and the query codes, shared by both processes. */
const privateUrl = `${PG_URL}?schema=${schema}_private`;
/** The "standby": a second, read-only connection to the same database, named so the test can see it used. */
const readUrl = `${PG_URL}?schema=${schema}&application_name=banjian_standby_${process.pid}&options=${encodeURIComponent('-c default_transaction_read_only=on')}`;

const dir = mkdtempSync(join(tmpdir(), 'banjian-hall-scale-'));
const keys = generateTokenKeys();
const children: ChildProcess[] = [];
const byName = new Map<string, ChildProcess>();
/** What each process printed (shown when a test fails). */
const printed = new Map<string, string>();
let store: PostgresEventStore;
let a: string;
let b: string;

/** One hall-service process on the shared schema; resolves with its URL once it listens. */
const startProcess = async (name: string, extra: string[] = []): Promise<string> => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', '--store', storeUrl, '--private', privateUrl, '--port', String(port),
      '--public-key', join(dir, 'public.pem'), '--vault-key', join(dir, 'vault.key'), '--read-wait-ms', '10000', '--lease-ms', '1500', ...extra],
    { cwd: serviceDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  byName.set(name, child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      printed.set(name, output);
      const url = /hall service on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      printed.set(name, output);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited ${code}: ${output}`)));
  });
};

const HALL_OF: Record<string, string> = { 's-city': 'city-1', 'sup-city': 'city-1' };
const token = (actor: Actor) =>
  issueToken(
    { sub: actor.id, kind: actor.kind, ...(['staff', 'device', 'department'].includes(actor.kind) ? { hall: HALL_OF[actor.id] ?? HALL } : {}) },
    { privateKeyPem: keys.privateKeyPem, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
  );

/** The fixture's command with the business time left to the server's clock (the processes run on the real one). */
const now = <C extends { metadata: { commandId: string; actor: Actor; at?: string } }>(command: C) => ({ ...command, metadata: { commandId: command.metadata.commandId, actor: command.metadata.actor } });

const post = async (service: string, command: { metadata: { actor: Actor } }, headers: Record<string, string> = {}) => {
  const res = await fetch(`${service}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(command.metadata.actor)}`, ...headers },
    body: JSON.stringify(command),
  });
  return { status: res.status, position: Number(res.headers.get('x-banjian-position')), json: (await res.json()) as Record<string, any> };
};
const get = async (service: string, path: string, as: Actor, headers: Record<string, string> = {}) => {
  const res = await fetch(`${service}${path}`, { headers: { authorization: `Bearer ${await token(as)}`, ...headers } });
  return { status: res.status, checkpoint: res.headers.get('x-banjian-checkpoint'), json: (await res.json()) as Record<string, any> };
};

const submitted = async (caseId: string) => {
  const reply = await post(a, now(application(caseId)));
  expect(reply.status).toBe(201);
};
const accept = (caseId: string) => now(body('AcceptCase', { caseId, windowId: 'w-market', staffId: 's-market' }, CLERK, ''));
const visit = (caseId: string) => now(body('RecordVisit', { caseId, purpose: 'supplement' }, CLERK, ''));
const streamOf = (caseId: string) => store.readStream(`case-${caseId}`);

beforeAll(async () => {
  writeFileSync(join(dir, 'public.pem'), keys.publicKeyPem);
  writeFileSync(join(dir, 'vault.key'), `k1 ${randomBytes(32).toString('hex')}\n`);
  store = await createPostgresEventStore({ connectionString: PG_URL, schema });
  // Process b reads its read models over the "standby" connection.
  [a, b] = await Promise.all([startProcess('a'), startProcess('b', ['--read-store', readUrl])]);
  for (const command of hallSetup()) expect((await post(a, now(command))).status).toBe(201);
}, 120_000);

afterEach((context) => {
  if (context.task.result?.state === 'fail') for (const [name, text] of printed) console.error(`--- process ${name}:\n${text}`);
});

afterAll(async () => {
  const exits = children.map((child) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve))));
  for (const child of children) child.kill('SIGTERM');
  const killer = setTimeout(() => children.forEach((child) => child.kill('SIGKILL')), 5_000);
  await Promise.all(exits);
  clearTimeout(killer);
  await store?.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await store?.pool.query(`DROP SCHEMA IF EXISTS ${schema}_private CASCADE`);
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('two hall-service processes on one PostgreSQL database', () => {
  it('given the same case, when both processes are sent a command from version 0 at once, then one appends and the other answers 409', async () => {
    const cases = ['race-1', 'race-2', 'race-3', 'race-4', 'race-5', 'race-6'];
    for (const caseId of cases) await submitted(caseId);
    const replies = await Promise.all(cases.map((caseId) => Promise.all([post(a, accept(caseId), { 'if-match': '"0"' }), post(b, visit(caseId), { 'if-match': '"0"' })])));
    for (const [i, pair] of replies.entries()) {
      expect(pair.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(pair.find((r) => r.status === 409)!.json).toMatchObject({ kind: 'concurrency', streamId: `case-${cases[i]}` });
      expect(await streamOf(cases[i]!)).toHaveLength(2);
    }
  });

  it('given no If-Match, when both processes are sent commands for one case at once, then the engine decides again and both are stored, in one order', async () => {
    await submitted('both');
    const replies = await Promise.all([1, 2, 3, 4].map((n) => post(n % 2 ? a : b, visit('both'))));
    expect(replies.map((r) => r.status), JSON.stringify(replies.map((r) => r.json.kind))).toEqual([201, 201, 201, 201]);
    const stream = await streamOf('both');
    expect(stream.map((e) => e.streamPosition)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(stream.map((e) => e.commandId)).size).toBe(5);
  });

  it('given one commandId, when it is sent to both processes at once, then it is applied once and both answer with its events', async () => {
    const cases = ['once-1', 'once-2', 'once-3', 'once-4', 'once-5', 'once-6'];
    for (const caseId of cases) await submitted(caseId);
    const replies = await Promise.all(cases.map((caseId) => {
      const command = accept(caseId);
      return Promise.all([post(a, command), post(b, command)]);
    }));
    for (const [i, pair] of replies.entries()) {
      expect(pair.map((r) => r.status).sort()).toEqual([200, 201]);
      const positions = pair.map((r) => r.json.events.map((e: { globalPosition: number }) => e.globalPosition));
      expect(positions[0]).toEqual(positions[1]);
      expect((await streamOf(cases[i]!)).map((e) => e.type)).toEqual(['ApplicationSubmitted', 'CaseAccepted']);
    }
  });

  it('given a case accepted through one process, when the other (reading a standby connection) is asked for its own write, then its work queue has the case and names a checkpoint at or after the write', async () => {
    await submitted('mine');
    const accepted = await post(a, accept('mine'));
    expect(accepted.status).toBe(201);
    const queue = await get(b, '/queue?window=w-market&limit=500', CLERK, { 'x-banjian-min-checkpoint': String(accepted.position) });
    expect(queue.status, JSON.stringify(queue.json)).toBe(200);
    expect(queue.json.rows.map((r: { caseId: string }) => r.caseId)).toContain('mine');
    expect(Number(queue.checkpoint)).toBeGreaterThanOrEqual(accepted.position);
    expect(queue.json.asOf.checkpoint).toBe(Number(queue.checkpoint));
    // b's read-model queries went over the standby connection (read-only: it could not have written).
    const { rows } = await store.pool.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [`banjian_standby_${process.pid}`]);
    expect(rows[0].n).toBeGreaterThan(0);
    const lookUp = await get(b, '/cases?caseNo=NO-mine', SYSTEM);
    expect(lookUp.json.rows.map((r: { caseId: string }) => r.caseId)).toEqual(['mine']);
  });

  it('given an application submitted through one process, when its progress is looked up through the other, then the query code handed out by the first is known to the second', async () => {
    const reply = await post(a, now(application('coded')));
    expect(reply.status).toBe(201);
    // The look-up by number reads the case index: wait until the other process sees the submission.
    const seen = await get(b, '/cases?caseNo=NO-coded', SYSTEM, { 'x-banjian-min-checkpoint': String(reply.position) });
    expect(seen.status, JSON.stringify(seen.json)).toBe(200);
    const progress = await fetch(`${b}/progress/NO-coded?code=${reply.json.queryCode}`);
    expect(progress.status).toBe(200);
    expect(await progress.json()).toMatchObject({ caseNo: 'NO-coded', state: 'submitted' });
  });

  it('given one process killed with SIGKILL, when the other is written to and asked for its own write, then it takes over the dead one’s share of the read models and answers', async () => {
    const a0 = byName.get('a')!;
    const dead = new Promise((resolve) => a0.once('exit', resolve));
    a0.kill('SIGKILL');
    await dead;
    await post(b, now(application('after')));
    const accepted = await post(b, accept('after'));
    expect(accepted.status).toBe(201);
    const queue = await get(b, '/queue?window=w-market&limit=500', CLERK, { 'x-banjian-min-checkpoint': String(accepted.position) });
    expect(queue.status).toBe(200);
    expect(queue.json.rows.map((r: { caseId: string }) => r.caseId)).toContain('after');
    const report = await get(b, `/report?from=2000-01-01&to=2100-01-01&hall=${HALL}`, SYSTEM, { 'x-banjian-min-checkpoint': String(accepted.position) });
    expect(report.json.source).toMatchObject({ model: 'figureFacts', checkpoint: Number(report.checkpoint) });
    expect(Number(report.checkpoint)).toBeGreaterThanOrEqual(accepted.position);
  }, 60_000);
});
