import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore } from '@banjian/adapters';
import type { EventStore, PersonalDataVault } from '@banjian/core';
import { createAuthenticator, type AuthOptions, type Principal } from './auth';
import { scheduleCheckpoints, type CheckpointSchedule } from './checkpoints';
import { checkBody, isErrorReply, MAX_JSON_DEPTH, pathParam } from './boundary';
import { createCaseIndex } from './case-index';
import { createCommandEndpoint, parseIfMatch, reissueQueryCode } from './commands';
import { createIndexReads, MIN_CHECKPOINT_HEADER } from './index-reads';
import { createDeciders } from './deciders';
import { badRequest, notFound, type ErrorReply } from './http-errors';
import { createPersonalDataEndpoints } from './personal-data';
import { createProgressEndpoint } from './progress';
import { createMemoryQueryCodes, type QueryCodeStore } from './query-codes';
import { createRateLimiter, type RateLimitOptions } from './rate-limit';
import { createReadModel, type ReadModel, type ReadModelOptions } from './read-model';
import { createReadEndpoints, type ReadReply } from './reads';
import { mayReadCase, readScopeOf } from './scope';

export interface HallServiceOptions {
  /** Bearer-token verification: trusted public keys, issuer, audience. Required: no request is anonymous but the progress look-up. */
  readonly auth: AuthOptions;
  /** The service's clock: business time of commands, token expiry, "now" of reads. @defaultValue the system clock */
  readonly now?: () => Date;
  /** How far a declared `metadata.at` may lie from the clock (older: a late entry 补录). @defaultValue the engine's, 5 minutes */
  readonly maxSkewMs?: number;
  /** Where query-code hashes live. @defaultValue in memory (tests); `startHallService` keeps them in a SQLite file */
  readonly queryCodes?: QueryCodeStore;
  /** Progress look-ups per client. @defaultValue 10 a minute */
  readonly progressRateLimit?: RateLimitOptions;
  /** How many times a command is decided again after a concurrent append (0 = answer 409 at once). @defaultValue 3 */
  readonly maxRetries?: number;
  /** Largest accepted request body in bytes. @defaultValue 1 MiB */
  readonly maxBodyBytes?: number;
  /** Deepest accepted JSON nesting of a body. @defaultValue 32 */
  readonly maxJsonDepth?: number;
  /** The personal-data vault; without one the `/applicants/…` routes answer 404 and trails show no personal-data status. */
  readonly vault?: PersonalDataVault;
  /**
   * The case index 办件库 in the database (`read-model.ts`): work queues, look-ups by case number
   * and applicant, overdue and approaching lists. Without one (a store with no database) those
   * routes answer 501 and case numbers are looked up in a fold of the log's submissions.
   */
  readonly readModel?: ReadModel;
}

const send = (res: ServerResponse, reply: ReadReply | ErrorReply): void => {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...('headers' in reply ? reply.headers : {}) });
  res.end(body);
};

const tooLarge = (limit: number): ErrorReply => ({
  status: 413,
  body: { kind: 'decode', field: '(body)', reason: `larger than ${limit} bytes`, message: `(body): larger than ${limit} bytes` },
  headers: { connection: 'close' },
});

const readBody = async (req: IncomingMessage, limit: number): Promise<string | ErrorReply> => {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return tooLarge(limit);
      chunks.push(chunk as Buffer);
    }
  } catch {
    // The client went away or the request timed out mid-body: nobody is left to answer.
    return badRequest('(body)', 'the request ended before its body did');
  }
  const bytes = Buffer.concat(chunks);
  // Refuse bytes that are not UTF-8 rather than letting the decoder replace them silently.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return badRequest('(body)', 'not UTF-8 text');
  }
};

const CASE_PATH = /^\/cases\/([^/]+)(\/trail|\/query-code)?$/;
const APPLICANT_PATH = /^\/applicants\/([^/]+)\/(personal-data|erasure)$/;
const PROGRESS_PATH = /^\/progress\/([^/]+)$/;
/** Routes answered from the case index in the database. */
const INDEX_ROUTES = new Set(['/queue', '/cases', '/overdue', '/approaching']);

/**
 * The hall service's request handler over a store. Every route but `GET /progress/:caseNo` needs
 * a bearer token (`auth.ts`); reads are scoped (`scope.ts`). Answers JSON; typed errors as in
 * `STATUS_OF_KIND`; a hostile request (deep JSON, bad encoding, NUL, lone surrogates, too large)
 * gets a 4xx naming what was wrong.
 */
export const createHallService = (store: EventStore, options: HallServiceOptions) => {
  const now = options.now ?? (() => new Date());
  const codes = options.queryCodes ?? createMemoryQueryCodes();
  const deciders = createDeciders(store);
  const readModel = options.readModel;
  const cases = createCaseIndex(store, readModel);
  const authenticate = createAuthenticator(options.auth, now);
  const command = createCommandEndpoint(store, deciders, { ...options, now, codes, cases });
  const reads = createReadEndpoints(store, cases, now, readModel);
  const indexReads = readModel ? createIndexReads(readModel, cases, now) : undefined;
  const progress = createProgressEndpoint({ cases, codes, oneCase: reads.oneCase, now, limiter: createRateLimiter(now, options.progressRateLimit) });
  const personal = options.vault ? createPersonalDataEndpoints({ vault: options.vault, cases }) : undefined;
  const limit = options.maxBodyBytes ?? 1 << 20;
  const depth = options.maxJsonDepth ?? MAX_JSON_DEPTH;

  const jsonBody = async (req: IncomingMessage): Promise<unknown> => {
    const text = await readBody(req, limit);
    if (typeof text !== 'string') return text;
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      return badRequest('(body)', `not JSON: ${(error as Error).message}`);
    }
    return checkBody(input, depth) ?? { input };
  };

  const authenticated = async (req: IncomingMessage, work: (principal: Principal) => Promise<ReadReply | ErrorReply>) => {
    await deciders.refresh();
    const principal = await authenticate(req.headers.authorization, deciders.directory);
    return isErrorReply(principal) ? principal : work(principal);
  };

  const route = async (req: IncomingMessage): Promise<ReadReply | ErrorReply> => {
    const url = new URL(req.url ?? '/', 'http://hall.invalid');
    const progressMatch = PROGRESS_PATH.exec(url.pathname);
    if (req.method === 'GET' && progressMatch) {
      const caseNo = pathParam(progressMatch[1]!, 'caseNo');
      return isErrorReply(caseNo) ? caseNo : progress(caseNo, url.searchParams, req.socket.remoteAddress ?? 'unknown');
    }
    const caseMatch = CASE_PATH.exec(url.pathname);
    const caseId = caseMatch ? pathParam(caseMatch[1]!, 'caseId') : undefined;
    if (isErrorReply(caseId)) return caseId;

    const applicantMatch = APPLICANT_PATH.exec(url.pathname);
    if (applicantMatch || url.pathname === '/personal-data/sweep') {
      if (!personal) return notFound(`route ${url.pathname}`);
      const ref = applicantMatch ? pathParam(applicantMatch[1]!, 'ref') : '';
      if (isErrorReply(ref)) return ref;
      const what = applicantMatch ? `${req.method} ${applicantMatch[2]}` : `${req.method} sweep`;
      return authenticated(req, async (principal) => {
        const scope = readScopeOf(principal, deciders.directory);
        if (what === 'GET personal-data') return personal.read(ref, url.searchParams, principal, scope);
        if (what === 'POST sweep') return personal.sweep(principal);
        if (what !== 'PUT personal-data' && what !== 'POST erasure') return { status: 405, body: { kind: 'methodNotAllowed', message: `${req.method} ${url.pathname} is not served` } };
        const body = await jsonBody(req);
        if (isErrorReply(body)) return body;
        const input = (body as { input: unknown }).input;
        return what === 'PUT personal-data' ? personal.store(ref, input, principal, scope) : personal.erase(ref, input, principal);
      });
    }
    if (req.method === 'POST' && url.pathname === '/commands') {
      return authenticated(req, async (principal) => {
        const ifMatch = parseIfMatch(req.headers['if-match']);
        if (typeof ifMatch === 'object') return ifMatch;
        const body = await jsonBody(req);
        if (isErrorReply(body)) return body;
        return command((body as { input: unknown }).input, principal, ifMatch);
      });
    }
    if (req.method === 'POST' && caseMatch?.[2] === '/query-code') {
      return authenticated(req, async (principal) => {
        const entry = await cases.byId(caseId!);
        const scope = readScopeOf(principal, deciders.directory);
        if (!entry || !mayReadCase(scope, entry)) return notFound(`case ${caseId}`);
        // Only the hall's own working staff hand out a new code, at the window, to the applicant in person.
        if (principal.actor.kind !== 'staff' || principal.hallId !== entry.hallId || principal.role === 'auditor' || principal.role === 'supervisor') {
          return { status: 403, body: { kind: 'forbidden', rule: 'queryCode.hallStaffOnly', message: 'only the hall’s working staff issue a new query code' } };
        }
        return reissueQueryCode(codes, entry.caseId);
      });
    }
    if (req.method !== 'GET') return { status: 405, body: { kind: 'methodNotAllowed', message: `${req.method} ${url.pathname} is not served` } };
    return authenticated(req, async (principal) => {
      const scope = readScopeOf(principal, deciders.directory);
      if (caseMatch && caseMatch[2] === undefined) return reads.caseSummary(caseId!, url.searchParams, scope);
      if (caseMatch?.[2] === '/trail') {
        const trail = await reads.trail(caseId!, url.searchParams, scope);
        const ref = (await cases.byId(caseId!))?.applicantRef;
        if (trail.status !== 200 || !personal || ref === undefined) return trail;
        // The applicant's personal data as the trail shows it: which fields are held or erased, never their values.
        const status = await personal.statusOf(ref);
        return { ...trail, body: { ...(trail.body as object), personalData: status ?? { ref, state: 'none' } } };
      }
      if (INDEX_ROUTES.has(url.pathname)) {
        if (!indexReads) return { status: 501, body: { kind: 'notServed', message: `${url.pathname} is read from the case index in a postgres:// or sqlite: store` } };
        const behind = await indexReads.readAfter(req.headers[MIN_CHECKPOINT_HEADER]);
        if (behind) return behind;
        if (url.pathname === '/queue') return indexReads.queue(url.searchParams, scope);
        if (url.pathname === '/cases') return indexReads.lookUp(url.searchParams, scope);
        if (url.pathname === '/overdue') return indexReads.overdue(url.searchParams, scope);
        return indexReads.approaching(url.searchParams, scope);
      }
      if (url.pathname === '/watch') return reads.watch(url.searchParams, scope, req.headers[MIN_CHECKPOINT_HEADER]);
      if (url.pathname === '/report') return reads.report(url.searchParams, scope, req.headers[MIN_CHECKPOINT_HEADER]);
      return notFound(`route ${url.pathname}`);
    });
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req).then(
      (reply) => {
        send(res, reply);
        // A body left unread (refused before or while reading it) is not drained: the connection closes.
        if (!req.complete) res.once('finish', () => req.destroy());
      },
      (error: unknown) => {
        console.error(error);
        send(res, { status: 500, body: { kind: 'internal', message: 'internal error' } });
      },
    );
  };
};

export interface ServerTimeouts {
  /** Time to receive all request headers. @defaultValue 10 000 ms (Node: 60 s) */
  readonly headersTimeoutMs?: number;
  /** Time to receive a whole request, body included. @defaultValue 30 000 ms (Node: 300 s) */
  readonly requestTimeoutMs?: number;
  /** Idle time of a kept-alive connection. @defaultValue 5 000 ms */
  readonly keepAliveTimeoutMs?: number;
}

export interface RunningHallService {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly server: Server;
  readonly store: EventStore;
  /** The case index the service reads (undefined for a store with no database). */
  readonly readModel?: ReadModel;
  /** Publishes a checkpoint now (when a schedule is configured). */
  checkpointNow?(): Promise<void>;
  /** Runs the vault's retention sweep now (it also runs on its schedule); the refs erased. */
  sweepNow(): Promise<readonly string[]>;
  /** Stops listening, ends open connections, stops the checkpoint schedule, closes the store, the query-code store and the vault. */
  close(): Promise<void>;
}

/**
 * Opens the store at `storeUrl` (`sqlite:<path>`, `postgres://…`, `memory:`, …) and listens on
 * `port` (0 = any free port), with request and header timeouts well under Node's defaults, so a
 * slow or unfinished request is answered 408 and its socket closed instead of held. With
 * `checkpoints`, signs and publishes a Merkle checkpoint of the log on that schedule.
 */
export const startHallService = async (
  options: HallServiceOptions &
    ServerTimeouts & {
      storeUrl: string;
      port?: number;
      host?: string;
      checkpoints?: CheckpointSchedule;
      /** Who keeps the case index up to date, where it is read, how long a read waits for a client's own write. */
      readModelOptions?: ReadModelOptions;
      /** How often the vault erases what has outlived its retention (个人信息保护法 §47). @defaultValue daily */
      retentionSweepEveryMs?: number;
    },
): Promise<RunningHallService> => {
  const store = await openStore(options.storeUrl);
  const readModel = await createReadModel(store, options.readModelOptions);
  const vault = options.vault;
  const sweep = async (): Promise<readonly string[]> =>
    vault ? vault.sweep({ actor: { kind: 'system', id: 'hall-service' }, purpose: 'retention ended (个人信息保护法 §47)' }) : [];
  const sweeper = vault ? setInterval(() => void sweep().catch((error: unknown) => console.error(`retention sweep failed: ${(error as Error).message}`)), options.retentionSweepEveryMs ?? 86_400_000) : undefined;
  sweeper?.unref();
  const checkpoints = options.checkpoints ? scheduleCheckpoints(store, options.checkpoints) : undefined;
  const codes = options.queryCodes ?? createMemoryQueryCodes();
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout);
  const server = createServer(
    // Node checks these timeouts every connectionsCheckingInterval (30 s by default): check often enough to honour them.
    { requestTimeout, headersTimeout, keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000, connectionsCheckingInterval: Math.max(10, Math.min(1_000, headersTimeout / 4)) },
    createHallService(store, { ...options, queryCodes: codes, ...(readModel ? { readModel } : {}) }),
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    server,
    store,
    ...(readModel ? { readModel } : {}),
    ...(checkpoints ? { checkpointNow: checkpoints.runNow } : {}),
    sweepNow: sweep,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await checkpoints?.stop();
      clearInterval(sweeper);
      await codes.close();
      await options.vault?.close();
      await readModel?.close();
      await store.close();
    },
  };
};
