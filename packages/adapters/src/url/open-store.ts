import { type EventStore } from '@banjian/core';

/**
 * Store URLs (spec §7): `sqlite:<path>` (default `./banjian.db`), `postgres://…`, `esdb://…`,
 * `memory:`, `file:<path>.ndjson` (an exported log, read-only). Each adapter registers its scheme.
 */
export type StoreOpener = (url: string, options?: OpenStoreOptions) => Promise<EventStore>;

export interface OpenStoreOptions {
  /**
   * Whether opening may create the store (default true). `false` refuses a store that is not
   * there yet with a StoreUrlError, so a mistyped path is an error and not an empty log of zeros;
   * the CLI creates stores only in `demo` and `import`.
   */
  readonly create?: boolean;
}

export const DEFAULT_STORE_URL = 'sqlite:./banjian.db';

const openers: { matches: (url: string) => boolean; open: StoreOpener }[] = [];

export const registerStoreScheme = (matches: (url: string) => boolean, open: StoreOpener): void => {
  openers.push({ matches, open });
};

/** A store URL that names no known scheme, or a store that cannot be opened. */
export class StoreUrlError extends Error {
  override readonly name = 'StoreUrlError';
  readonly kind = 'storeUrl' as const;
}

export const openStore = async (url: string = DEFAULT_STORE_URL, options: OpenStoreOptions = {}): Promise<EventStore> => {
  const opener = openers.find((o) => o.matches(url));
  if (!opener) throw new StoreUrlError(`unknown store URL "${url}" (use sqlite:<path>, postgres://…, esdb://…, memory: or file:<path>.ndjson)`);
  return opener.open(url, options);
};
