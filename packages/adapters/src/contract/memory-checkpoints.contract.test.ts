import { createInMemoryCheckpointStore } from '@banjian/core';
import { describeCheckpointStoreContract } from './checkpoint-store';

describeCheckpointStoreContract('in-memory', async () => ({ checkpoints: createInMemoryCheckpointStore(), cleanup: async () => undefined }));
