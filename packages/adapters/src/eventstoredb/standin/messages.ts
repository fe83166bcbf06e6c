import type { AppendReq, BatchAppendReq, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import type { AppendOutcome, EventFilter, ExpectedState, LoggedEvent, ProposedEvent } from './log';
import { anyPb, codePb, emptyPb, sharedPb, statusPb, streamsPb } from './protos';

/** Conversions between the wire messages and the stand-in log, as the server fills them in. */

export const streamNameOf = (identifier: StreamIdentifier | undefined): string => Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

const identifierOf = (stream: string): StreamIdentifier => new sharedPb.StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8'));

const uuidText = (uuid: UUID | undefined): string => uuid?.getString() ?? '';

/** A client request that the server would refuse as malformed. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

export const proposedOf = (message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent => {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (type === undefined) throw new BadRequestError('required metadata property "type" is missing');
  if (contentType === undefined) throw new BadRequestError('required metadata property "content-type" is missing');
  return { id: uuidText(message.getId()), type, contentType, data: message.getData_asU8(), metadata: message.getCustomMetadata_asU8() };
};

export const expectedOfAppend = (options: AppendReq.Options): ExpectedState => {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'noStream' };
  if (options.hasStreamExists()) return { kind: 'streamExists' };
  return { kind: 'any' };
};

export const expectedOfBatch = (options: BatchAppendReq.Options): ExpectedState => {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'noStream' };
  if (options.hasStreamExists()) return { kind: 'streamExists' };
  return { kind: 'any' };
};

export const appendResp = (outcome: AppendOutcome) => {
  const resp = new streamsPb.AppendResp();
  if (outcome.kind === 'success') {
    const success = new streamsPb.AppendResp.Success();
    if (outcome.currentRevision === undefined) success.setNoStream(new sharedPb.Empty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position === undefined) success.setNoPosition(new sharedPb.Empty());
    else success.setPosition(new streamsPb.AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()));
    return resp.setSuccess(success);
  }
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new sharedPb.Empty());
  else wrong.setCurrentRevision(outcome.currentRevision.toString());
  const { expected } = outcome;
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'noStream') wrong.setExpectedNoStream(new sharedPb.Empty());
  else if (expected.kind === 'streamExists') wrong.setExpectedStreamExists(new sharedPb.Empty());
  else wrong.setExpectedAny(new sharedPb.Empty());
  return resp.setWrongExpectedVersion(wrong);
};

/** The batch append's answer: success, or a `google.rpc.Status` carrying `WrongExpectedVersion` as the server sends it. */
export const batchAppendResp = (correlationId: UUID | undefined, stream: string, expected: ExpectedState, outcome: AppendOutcome) => {
  const resp = new streamsPb.BatchAppendResp().setStreamIdentifier(identifierOf(stream));
  if (correlationId) resp.setCorrelationId(correlationId);
  if (expected.kind === 'revision') resp.setStreamPosition(expected.revision.toString());
  else if (expected.kind === 'noStream') resp.setNoStream(new emptyPb.Empty());
  else if (expected.kind === 'streamExists') resp.setStreamExists(new emptyPb.Empty());
  else resp.setAny(new emptyPb.Empty());
  if (outcome.kind === 'success') {
    const success = new streamsPb.BatchAppendResp.Success();
    if (outcome.currentRevision === undefined) success.setNoStream(new emptyPb.Empty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position === undefined) success.setNoPosition(new emptyPb.Empty());
    else success.setPosition(new sharedPb.AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()));
    return resp.setSuccess(success);
  }
  const wrong = new sharedPb.WrongExpectedVersion();
  if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new emptyPb.Empty());
  else wrong.setCurrentStreamRevision(outcome.currentRevision.toString());
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'noStream') wrong.setExpectedNoStream(new emptyPb.Empty());
  else if (expected.kind === 'streamExists') wrong.setExpectedStreamExists(new emptyPb.Empty());
  else wrong.setExpectedAny(new emptyPb.Empty());
  const details = new anyPb.Any();
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  const status = new statusPb.Status().setCode(codePb.Code.FAILED_PRECONDITION).setMessage('WrongExpectedVersion').setDetails(details);
  return resp.setError(status);
};

const recordedEvent = (event: LoggedEvent) => {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(new sharedPb.UUID().setString(event.id))
    .setStreamIdentifier(identifierOf(event.stream))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.toString())
    .setPreparePosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('created', event.created.toString());
  metadata.set('content-type', event.contentType);
  return recorded;
};

export const eventResp = (event: LoggedEvent): ReadResp =>
  new streamsPb.ReadResp().setEvent(new streamsPb.ReadResp.ReadEvent().setEvent(recordedEvent(event)).setCommitPosition(event.position.toString()));

export const streamNotFoundResp = (stream: string): ReadResp =>
  new streamsPb.ReadResp().setStreamNotFound(new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(identifierOf(stream)));

export const confirmationResp = (subscriptionId: string): ReadResp =>
  new streamsPb.ReadResp().setConfirmation(new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));

export const caughtUpResp = (): ReadResp => new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp());

export const checkpointResp = (position: bigint): ReadResp =>
  new streamsPb.ReadResp().setCheckpoint(new streamsPb.ReadResp.Checkpoint().setCommitPosition(position.toString()).setPreparePosition(position.toString()));

export const filterOf = (options: ReadReq.Options): EventFilter | undefined => {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter() as ReadReq.Options.FilterOptions;
  const on = filter.hasStreamIdentifier() ? 'streamName' : 'eventType';
  const expression = filter.hasStreamIdentifier() ? filter.getStreamIdentifier() : filter.getEventType();
  const regex = expression?.getRegex();
  return { on, ...(regex ? { regex: new RegExp(regex) } : {}), prefixes: expression?.getPrefixList() ?? [] };
};
