import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@banjian/core';
import { hallSetup, HALL, CITY } from './hall.fixture';
import type { CheckpointSchedule } from './checkpoints';
import type { ReadModelOptions } from './read-model';
import { startHallService, type HallServiceOptions, type RunningHallService, type ServerTimeouts } from './service';
import { DEV_AUDIENCE, DEV_ISSUER, generateTokenKeys, issueToken } from './tokens';

/** The hall each staff, device or department actor of the fixture belongs to (applicants and the system have none). */
const HALL_OF: Record<string, string> = { 's-city': CITY, 'sup-city': CITY };

export interface TestService {
  readonly service: RunningHallService;
  readonly keys: { privateKeyPem: string; publicKeyPem: string };
  /** The service's clock; tests move it (a command is posted at the time its body declares). */
  clock: Date;
  token(actor: Actor, options?: { ttlSeconds?: number; now?: Date; privateKeyPem?: string; issuer?: string; audience?: string }): Promise<string>;
  /** Posts a command; once it is stored, waits until the case index reflects it (as a client reading its own writes would). */
  post(command: unknown, as: Actor | string | undefined, headers?: Record<string, string>): Promise<{ status: number; position: number | undefined; json: Record<string, any> }>;
  /** Posts and throws unless 201. */
  posted(command: unknown, as: Actor): Promise<Record<string, any>>;
  get(path: string, as: Actor | string | undefined): Promise<{ status: number; etag: string | null; json: Record<string, any> }>;
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

const atOf = (command: unknown): string | undefined => (command as { metadata?: { at?: string } })?.metadata?.at;

/** A hall service on a temporary SQLite file (or `storeUrl`) with a fresh token key pair, its hall set up through HTTP by the system. */
export const startTestService = async (
  options: Partial<HallServiceOptions> & ServerTimeouts & { checkpoints?: CheckpointSchedule; readModelOptions?: ReadModelOptions; storeUrl?: string } = {},
  setup = true,
): Promise<TestService> => {
  const dir = mkdtempSync(join(tmpdir(), 'banjian-hall-service-'));
  const keys = generateTokenKeys();
  const harness: TestService = {
    clock: new Date('2025-03-03T08:30:00+08:00'),
    keys,
    service: undefined as unknown as RunningHallService,
    token: (actor, o = {}) =>
      issueToken(
        { sub: actor.id, kind: actor.kind, ...(['staff', 'device', 'department'].includes(actor.kind) ? { hall: HALL_OF[actor.id] ?? HALL } : {}) },
        { privateKeyPem: o.privateKeyPem ?? keys.privateKeyPem, issuer: o.issuer ?? DEV_ISSUER, audience: o.audience ?? DEV_AUDIENCE, now: o.now ?? harness.clock, ...(o.ttlSeconds ? { ttlSeconds: o.ttlSeconds } : {}) },
      ),
    post: async (command, as, headers = {}) => {
      const at = atOf(command);
      if (at) harness.clock = new Date(at);
      const authorization: Record<string, string> = as === undefined ? {} : { authorization: `Bearer ${typeof as === 'string' ? as : await harness.token(as)}` };
      const res = await fetch(`${harness.service.url}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authorization, ...headers },
        body: typeof command === 'string' ? command : JSON.stringify(command),
      });
      const position = res.headers.get('x-banjian-position') === null ? undefined : Number(res.headers.get('x-banjian-position'));
      const json = (await res.json()) as Record<string, any>;
      // With `banjian project` workers keeping the index (none run in a test), nothing is waited for.
      if (position !== undefined && res.ok && options.readModelOptions?.projector !== 'workers') {
        const reached = await harness.service.readModel?.waitFor(position, ['caseIndex', 'figureFacts']);
        if (typeof reached === 'object') throw new Error(`the case index stayed at ${reached.checkpoint}, behind ${position}`);
      }
      return { status: res.status, position, json };
    },
    posted: async (command, as) => {
      const reply = await harness.post(command, as);
      if (reply.status !== 201) throw new Error(`given ${JSON.stringify(command)} was answered ${reply.status}: ${JSON.stringify(reply.json)}`);
      return reply.json;
    },
    get: async (path, as) => {
      const authorization: Record<string, string> = as === undefined ? {} : { authorization: `Bearer ${typeof as === 'string' ? as : await harness.token(as)}` };
      const res = await fetch(`${harness.service.url}${path}`, { headers: authorization });
      return { status: res.status, etag: res.headers.get('etag'), json: (await res.json()) as Record<string, any> };
    },
    eventCount: async () => {
      let n = 0;
      for await (const _ of harness.service.store.readAll()) n++;
      return n;
    },
    close: async () => {
      await harness.service?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  (harness as { service: RunningHallService }).service = await startHallService({
    storeUrl: `sqlite:${join(dir, 'hall.db')}`,
    port: 0,
    auth: { publicKeys: [keys.publicKeyPem], issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
    now: () => harness.clock,
    ...options,
  });
  try {
    if (setup) for (const command of hallSetup()) await harness.posted(command, command.metadata.actor);
  } catch (error) {
    // The caller never gets the harness to close: leave no server or folder behind.
    await harness.close();
    throw error;
  }
  return harness;
};
