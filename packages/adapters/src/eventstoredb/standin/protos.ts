import { createRequire } from 'node:module';

/**
 * The client package's own generated gRPC service definitions and protobuf message classes
 * (CommonJS), loaded so the stand-in speaks exactly the wire format the client speaks.
 */
const require = createRequire(import.meta.url);
const generated = require.resolve('@eventstore/db-client/generated/streams_pb');
// google-protobuf as the generated code itself resolves it (one instance for Any and Empty).
const requireBesideGenerated = createRequire(generated);

export const streamsGrpc = require('@eventstore/db-client/generated/streams_grpc_pb') as typeof import('@eventstore/db-client/generated/streams_grpc_pb');
export const streamsPb = require('@eventstore/db-client/generated/streams_pb') as typeof import('@eventstore/db-client/generated/streams_pb');
export const sharedPb = require('@eventstore/db-client/generated/shared_pb') as typeof import('@eventstore/db-client/generated/shared_pb');
export const statusPb = require('@eventstore/db-client/generated/status_pb') as typeof import('@eventstore/db-client/generated/status_pb');
export const codePb = require('@eventstore/db-client/generated/code_pb') as typeof import('@eventstore/db-client/generated/code_pb');
export const serverFeaturesGrpc = require('@eventstore/db-client/generated/serverfeatures_grpc_pb') as typeof import('@eventstore/db-client/generated/serverfeatures_grpc_pb');
export const serverFeaturesPb = require('@eventstore/db-client/generated/serverfeatures_pb') as typeof import('@eventstore/db-client/generated/serverfeatures_pb');

// Their types, as the generated declarations see them (google-protobuf's typings sit beside them).
type AnyMessage = NonNullable<Parameters<import('@eventstore/db-client/generated/status_pb').Status['setDetails']>[0]>;
type EmptyMessage = NonNullable<Parameters<import('@eventstore/db-client/generated/streams_pb').BatchAppendResp['setNoStream']>[0]>;
export const anyPb = requireBesideGenerated('google-protobuf/google/protobuf/any_pb') as { Any: new () => AnyMessage };
export const emptyPb = requireBesideGenerated('google-protobuf/google/protobuf/empty_pb') as { Empty: new () => EmptyMessage };
