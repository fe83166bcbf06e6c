import { parentPort, workerData } from 'node:worker_threads';

// A worker entry for the start test: answers every message with the data it was started with.
parentPort?.on('message', (message: unknown) => parentPort?.postMessage({ message, workerData: workerData as unknown }));
