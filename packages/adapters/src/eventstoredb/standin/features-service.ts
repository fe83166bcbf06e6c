import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { serverFeaturesPb } from './protos';

export const STANDIN_SERVER_VERSION = '23.10.0-banjian-standin';

const STREAMS = 'event_store.client.streams.Streams';

/**
 * `ServerFeatures.GetSupportedMethods`, which the client asks once per connection: it appends
 * with BatchAppend when the server lists it, with Append otherwise.
 */
export const createFeaturesService = ({ batchAppend }: { batchAppend: boolean }) => ({
  getSupportedMethods(_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) {
    const methods = ['Read', 'Append', ...(batchAppend ? ['BatchAppend'] : [])].map((name) =>
      new serverFeaturesPb.SupportedMethod().setServiceName(STREAMS).setMethodName(name),
    );
    callback(null, new serverFeaturesPb.SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(STANDIN_SERVER_VERSION));
  },
});
