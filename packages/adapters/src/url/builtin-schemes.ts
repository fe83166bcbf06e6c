import { createInMemoryEventStore, openFileStore, type HashAlgorithm } from '@banjian/core';
import { existsSync } from 'node:fs';
import { registerStoreScheme, StoreUrlError, type OpenStoreOptions } from './open-store';

/** `./banjian.db` in the working directory: the store of `sqlite:` with no path (spec §7). */
export const DEFAULT_SQLITE_PATH = './banjian.db';

/** Split `scheme:rest?query` without URL normalisation (paths stay as written, relative ones too). */
const splitUrl = (url: string, scheme: string): { path: string; params: URLSearchParams } => {
  const rest = url.slice(scheme.length).replace(/^\/\/(?=\/|\.)/, '');
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, params: new URLSearchParams() } : { path: rest.slice(0, q), params: new URLSearchParams(rest.slice(q + 1)) };
};

const oneOf = <T extends string>(url: string, params: URLSearchParams, name: string, allowed: readonly T[]): T | undefined => {
  const value = params.get(name);
  if (value === null) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new StoreUrlError(`${url}: ${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
};

const onlyParams = (url: string, params: URLSearchParams, known: readonly string[]) => {
  for (const name of params.keys()) if (!known.includes(name)) throw new StoreUrlError(`${url}: unknown parameter "${name}" (known: ${known.join(', ') || 'none'})`);
};

const HASHES: readonly HashAlgorithm[] = ['sha256', 'sm3'];

/** `memory:[?hash=sm3]` — a store that lives as long as the process. */
export const openMemoryStore = async (url: string) => {
  const { params } = splitUrl(url, 'memory:');
  onlyParams(url, params, ['hash']);
  return createInMemoryEventStore({ hashAlgorithm: oneOf(url, params, 'hash', HASHES) });
};

/**
 * `sqlite:<path>[?synchronous=NORMAL|FULL&hash=sha256|sm3]`; `sqlite:` alone is `./banjian.db`.
 * `sqlite:///abs/path.db` and `sqlite://./rel.db` are read as the path after `//`.
 */
export const openSqliteStoreUrl = async (url: string, options: OpenStoreOptions = {}) => {
  const { path, params } = splitUrl(url, 'sqlite:');
  onlyParams(url, params, ['synchronous', 'hash']);
  const file = path === '' ? DEFAULT_SQLITE_PATH : path;
  if (options.create === false && file !== ':memory:' && !existsSync(file)) {
    throw new StoreUrlError(`${url}: no store at ${file} (a store is created only by demo or import; check the path)`);
  }
  const synchronous = oneOf(url, params, 'synchronous', ['FULL', 'NORMAL'] as const);
  const hashAlgorithm = oneOf(url, params, 'hash', HASHES);
  // Loaded on use: commands that never open SQLite do not load the native driver.
  const { createSqliteEventStore } = await import('../sqlite/store');
  try {
    return createSqliteEventStore({ path: file, synchronous, hashAlgorithm });
  } catch (error) {
    // Typed store errors (schema too new, other hash algorithm) pass as they are; driver errors get the URL.
    if ((error as { kind?: string }).kind !== undefined) throw error;
    throw new StoreUrlError(`${url}: cannot open the SQLite store: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * `file:<path>.ndjson[?hash=sm3]` — an exported log opened read-only (spec §7): every line is
 * checked on open; `EventLogFileError` names the first bad one.
 */
export const openFileStoreUrl = async (url: string) => {
  const { path, params } = splitUrl(url, 'file:');
  onlyParams(url, params, ['hash']);
  if (path === '') throw new StoreUrlError(`${url}: a file: store needs a path (file:<path>.ndjson)`);
  return openFileStore(path, { algorithm: oneOf(url, params, 'hash', HASHES) });
};

registerStoreScheme((url) => url.startsWith('memory:'), openMemoryStore);
registerStoreScheme((url) => url.startsWith('file:'), openFileStoreUrl);
registerStoreScheme((url) => url.startsWith('sqlite:'), openSqliteStoreUrl);
