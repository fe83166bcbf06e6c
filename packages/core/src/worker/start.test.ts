import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startModuleWorker } from './start';

describe('startModuleWorker', () => {
  it('given a TypeScript entry, when started from sources, then the worker runs it with its workerData', async () => {
    const worker = startModuleWorker(new URL('./echo.fixture.ts', import.meta.url), { workerData: { range: [1, 2] } });
    expect(worker).toBeDefined();
    try {
      worker!.postMessage('ping');
      const [reply] = await once(worker!, 'message');
      expect(reply).toEqual({ message: 'ping', workerData: { range: [1, 2] } });
    } finally {
      await worker!.terminate();
    }
  });
});
