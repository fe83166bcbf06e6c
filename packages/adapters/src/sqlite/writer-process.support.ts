import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const script = fileURLToPath(new URL('./writer-process.ts', import.meta.url));

export interface Ack {
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  eventId: string;
}

export interface WriterRun {
  acks: Ack[];
  /** `'SIGKILL'` when killed, else the exit code. */
  ended: string | number;
}

/**
 * Run `writer-process.ts` in its own Node process (tsx loader, no wrapper process), collecting the
 * events it acknowledges; with `killAfter`, SIGKILL it as soon as it has acknowledged that many.
 */
export const runWriter = (path: string, options: { batches?: number; name?: string; killAfter?: number } = {}): Promise<WriterRun> =>
  new Promise((resolve, reject) => {
    const args = [path, ...(options.batches === undefined ? [] : [String(options.batches), options.name ?? 'solo'])];
    const child = spawn(process.execPath, ['--import', tsxLoader, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [tag, streamId, streamPosition, globalPosition, eventId] = line.split(' ');
        if (tag === 'ack') acks.push({ streamId: streamId!, streamPosition: Number(streamPosition), globalPosition: Number(globalPosition), eventId: eventId! });
      }
      if (options.killAfter !== undefined && !killed && acks.length >= options.killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ acks, ended: signal ?? (code as number) });
      else reject(new Error(`writer exited with ${String(code ?? signal)}: ${stderr}`));
    });
  });
