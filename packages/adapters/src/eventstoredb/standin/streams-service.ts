import { randomUUID } from 'node:crypto';
import { status, type sendUnaryData, type ServerDuplexStream, type ServerReadableStream, type ServerWritableStream } from '@grpc/grpc-js';
import type { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { matchesFilter, type ExpectedState, type LoggedEvent, type ProposedEvent, type StandInLog } from './log';
import {
  appendResp,
  BadRequestError,
  batchAppendResp,
  caughtUpResp,
  checkpointResp,
  confirmationResp,
  eventResp,
  expectedOfAppend,
  expectedOfBatch,
  filterOf,
  proposedOf,
  streamNameOf,
  streamNotFoundResp,
} from './messages';

const failure = (code: status, details: string) => Object.assign(new Error(details), { code, details });

type AllFrom = bigint | 'start' | 'end';

/**
 * `event_store.client.streams.Streams` over the stand-in log: Read (stream reads, `$all` reads,
 * `$all` catch-up subscriptions with filters), Append (client-streaming: options, then proposed
 * messages) and BatchAppend (bidirectional, chunks keyed by correlation id). Delete and Tombstone
 * answer UNIMPLEMENTED: the adapter has no delete path.
 */
export const createStreamsService = (log: StandInLog) => {
  const subscribeToAll = (call: ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options, from: AllFrom) => {
    const filter = filterOf(options);
    call.write(confirmationResp(randomUUID()));
    let last: LoggedEvent | undefined;
    for (const event of log.eventsAfter(from, filter)) {
      call.write(eventResp(event));
      last = event;
    }
    if (filter && last) call.write(checkpointResp(last.position));
    call.write(caughtUpResp());
    // Registered in the same turn as the catch-up read: no append can fall between the two.
    const unlisten = log.listen((event) => {
      if (matchesFilter(filter, event)) call.write(eventResp(event));
    });
    call.on('cancelled', unlisten);
    call.on('close', unlisten);
    call.on('error', unlisten);
  };

  const read = (call: ServerWritableStream<ReadReq, ReadResp>) => {
    const options = call.request.getOptions();
    if (!options) return call.destroy(failure(status.INVALID_ARGUMENT, 'read options are missing'));
    const direction = options.getReadDirection() === 1 ? 'backwards' : 'forwards';
    const count = options.hasSubscription() ? Infinity : Number(options.getCount());
    if (options.hasStream()) {
      const streamOptions = options.getStream() as ReadReq.Options.StreamOptions;
      if (options.hasSubscription()) return call.destroy(failure(status.UNIMPLEMENTED, 'the stand-in has no stream subscriptions'));
      const stream = streamNameOf(streamOptions.getStreamIdentifier());
      const from = streamOptions.hasRevision() ? BigInt(streamOptions.getRevision()) : streamOptions.hasEnd() ? 'end' : 'start';
      const events = log.readStream(stream, from, direction, count);
      if (events === undefined) call.write(streamNotFoundResp(stream));
      else for (const event of events) call.write(eventResp(event));
      return call.end();
    }
    const allOptions = options.getAll();
    if (!allOptions) return call.destroy(failure(status.INVALID_ARGUMENT, 'read options name neither a stream nor $all'));
    const position = allOptions.getPosition();
    const from: AllFrom = allOptions.hasPosition() && position ? BigInt(position.getCommitPosition()) : allOptions.hasEnd() ? 'end' : 'start';
    if (options.hasSubscription()) return subscribeToAll(call, options, from);
    for (const event of log.readAll(from, direction, count, filterOf(options))) call.write(eventResp(event));
    call.end();
  };

  const append = (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) => {
    let options: AppendReq.Options | undefined;
    const proposed: ProposedEvent[] = [];
    let refused: Error | undefined;
    call.on('data', (request: AppendReq) => {
      try {
        if (request.hasOptions()) options = request.getOptions();
        else if (request.hasProposedMessage()) proposed.push(proposedOf(request.getProposedMessage() as AppendReq.ProposedMessage));
      } catch (error) {
        refused ??= error as Error;
      }
    });
    call.on('end', () => {
      if (refused) return callback(failure(status.INVALID_ARGUMENT, refused.message));
      if (!options) return callback(failure(status.INVALID_ARGUMENT, 'append options are missing'));
      callback(null, appendResp(log.append(streamNameOf(options.getStreamIdentifier()), expectedOfAppend(options), proposed)));
    });
  };

  const batchAppend = (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => {
    const pending = new Map<string, { options: BatchAppendReq.Options | undefined; proposed: ProposedEvent[] }>();
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId();
      const key = correlation?.getString() ?? '';
      const entry = pending.get(key) ?? { options: undefined, proposed: [] };
      pending.set(key, entry);
      if (request.hasOptions()) entry.options = request.getOptions();
      try {
        for (const message of request.getProposedMessagesList()) entry.proposed.push(proposedOf(message));
      } catch (error) {
        if (!(error instanceof BadRequestError)) throw error;
        pending.delete(key);
        return call.destroy(failure(status.INVALID_ARGUMENT, error.message));
      }
      if (!request.getIsFinal()) return;
      pending.delete(key);
      const options = entry.options;
      if (!options) return call.destroy(failure(status.INVALID_ARGUMENT, 'batch append options are missing'));
      const stream = streamNameOf(options.getStreamIdentifier());
      const expected: ExpectedState = expectedOfBatch(options);
      call.write(batchAppendResp(correlation, stream, expected, log.append(stream, expected, entry.proposed)));
    });
    call.on('end', () => call.end());
  };

  const unimplemented = (_call: unknown, callback: sendUnaryData<never>) => callback(failure(status.UNIMPLEMENTED, 'not part of the stand-in'));

  return { read, append, batchAppend, delete: unimplemented, tombstone: unimplemented };
};
