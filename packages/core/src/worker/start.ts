import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Start a worker thread on a module of ours, given the URL of its TypeScript source. Run from
 * TypeScript sources (tsx, vitest), the worker registers tsx itself before loading its entry; from
 * compiled JavaScript it loads the `.js` beside it. Undefined when no worker can be started (the
 * caller falls back to one thread).
 */
export const startModuleWorker = (entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker | undefined => {
  try {
    if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
    if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(entry.href.replace(/\.ts$/, '.js')), options);
    // tsx ships its ESM API beside the CommonJS one (package exports of `tsx/esm/api`).
    const tsx = new URL('./index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api'))).href;
    return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`, { ...options, eval: true });
  } catch {
    return undefined;
  }
};
