import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore } from '@banjian/adapters';
import type { EventStore } from '@banjian/core';
import { createCommandEndpoint, parseIfMatch } from './commands';
import { createDeciders } from './deciders';
import { badRequest, notFound, type ErrorReply } from './http-errors';
import { createReadEndpoints, type ReadReply } from './reads';

export interface HallServiceOptions {
  /** How many times a command is decided again after a concurrent append (default 3; 0 = answer 409 at once). */
  readonly maxRetries?: number;
  /** Largest accepted request body in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

const send = (res: ServerResponse, reply: ReadReply | ErrorReply): void => {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...('headers' in reply ? reply.headers : {}) });
  res.end(body);
};

const readBody = async (req: IncomingMessage, limit: number): Promise<string | ErrorReply> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { status: 413, body: { kind: 'decode', field: '(body)', reason: `larger than ${limit} bytes`, message: `(body): larger than ${limit} bytes` } };
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const CASE_PATH = /^\/cases\/([^/]+)(\/trail)?$/;

/**
 * The hall service's request handler over a store: `POST /commands`, `GET /cases/:id`,
 * `GET /cases/:id/trail`, `GET /watch`, `GET /report`. Answers JSON; typed errors as in `STATUS_OF_KIND`.
 */
export const createHallService = (store: EventStore, options: HallServiceOptions = {}) => {
  const deciders = createDeciders(store);
  const command = createCommandEndpoint(store, deciders, options);
  const reads = createReadEndpoints(store);
  const limit = options.maxBodyBytes ?? 1 << 20;

  const route = async (req: IncomingMessage): Promise<ReadReply | ErrorReply> => {
    const url = new URL(req.url ?? '/', 'http://hall.invalid');
    const caseMatch = CASE_PATH.exec(url.pathname);
    if (req.method === 'POST' && url.pathname === '/commands') {
      const ifMatch = parseIfMatch(req.headers['if-match']);
      if (typeof ifMatch === 'object') return ifMatch;
      const text = await readBody(req, limit);
      if (typeof text !== 'string') return text;
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (error) {
        return badRequest('(body)', `not JSON: ${(error as Error).message}`);
      }
      return command(input, ifMatch);
    }
    if (req.method !== 'GET') return { status: 405, body: { kind: 'methodNotAllowed', message: `${req.method} ${url.pathname} is not served` } };
    if (caseMatch) {
      const caseId = decodeURIComponent(caseMatch[1]!);
      return caseMatch[2] ? reads.trail(caseId, url.searchParams) : reads.caseSummary(caseId, url.searchParams);
    }
    if (url.pathname === '/watch') return reads.watch(url.searchParams);
    if (url.pathname === '/report') return reads.report(url.searchParams);
    return notFound(`route ${url.pathname}`);
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req).then(
      (reply) => send(res, reply),
      (error: unknown) => {
        console.error(error);
        send(res, { status: 500, body: { kind: 'internal', message: 'internal error' } });
      },
    );
  };
};

export interface RunningHallService {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly server: Server;
  readonly store: EventStore;
  close(): Promise<void>;
}

/** Opens the store at `storeUrl` (`sqlite:<path>`, `postgres://…`, `memory:`, …) and listens on `port` (0 = any free port). */
export const startHallService = async (options: HallServiceOptions & { storeUrl: string; port?: number; host?: string }): Promise<RunningHallService> => {
  const store = await openStore(options.storeUrl);
  const server = createServer(createHallService(store, options));
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
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
};
