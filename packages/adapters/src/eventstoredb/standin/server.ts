import { Server, ServerCredentials } from '@grpc/grpc-js';
import { createFeaturesService } from './features-service';
import { createStandInLog, type AppendOutcome, type StandInLog } from './log';
import { serverFeaturesGrpc, streamsGrpc } from './protos';
import { createStreamsService } from './streams-service';
import { randomUUID } from 'node:crypto';

export interface EventStoreDbStandInOptions {
  /** List BatchAppend among the server's features, so the client appends with it (default true, as a 21.10+ server). */
  batchAppend?: boolean;
}

export interface EventStoreDbStandIn {
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly connectionString: string;
  readonly port: number;
  readonly log: StandInLog;
  /** Write a JSON event as another writer would (system `$…` streams, other applications' streams). */
  appendJson(stream: string, type: string, data: unknown): AppendOutcome;
  stop(): Promise<void>;
}

/** The records a fresh node writes before anyone else: `$all` never starts with a client's event. */
const seedSystemEvents = (standIn: Pick<EventStoreDbStandIn, 'appendJson'>) => {
  standIn.appendJson('$settings', 'update-default-acl', { $userStreamAcl: { $r: '$all' } });
  standIn.appendJson('$stats-127.0.0.1:2113', '$statsCollected', { 'proc-id': process.pid });
};

/**
 * An in-process EventStoreDB stand-in: a `@grpc/grpc-js` server with the client package's own
 * service definitions, insecure, on a random localhost port. See STANDIN.md for what it covers.
 */
export const startEventStoreDbStandIn = async (options: EventStoreDbStandInOptions = {}): Promise<EventStoreDbStandIn> => {
  const log = createStandInLog();
  const server = new Server();
  server.addService(streamsGrpc.StreamsService, createStreamsService(log));
  server.addService(serverFeaturesGrpc.ServerFeaturesService, createFeaturesService({ batchAppend: options.batchAppend ?? true }));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const standIn: EventStoreDbStandIn = {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    log,
    appendJson: (stream, type, data) =>
      log.append(stream, { kind: 'any' }, [
        { id: randomUUID(), type, contentType: 'application/json', data: Buffer.from(JSON.stringify(data), 'utf8'), metadata: new Uint8Array() },
      ]),
    async stop() {
      // Live subscriptions hold calls open: end them with the server.
      server.forceShutdown();
    },
  };
  seedSystemEvents(standIn);
  return standIn;
};
