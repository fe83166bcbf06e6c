import type { EventStore } from '@banjian/core';
import { isMissingPackage, missingDriver } from '../drivers/index';
import { registerStoreScheme } from '../url/open-store';

/**
 * `esdb://…` and `esdb+discover://…` store URLs (spec §7), as the EventStoreDB client takes them;
 * a `streamPrefix` query parameter (ours, removed before the client sees the URL) names the prefix.
 */
export const isEventStoreDbUrl = (url: string): boolean => /^esdb(\+discover)?:\/\//i.test(url);

/**
 * Opens an `esdb://` URL. The store and its client (@eventstore/db-client, an optional peer
 * dependency) are loaded here, on first use; without the client this is a MissingDriverError.
 */
export const openEventStoreDbStore = async (url: string): Promise<EventStore> => {
  const [base, query = ''] = url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  const streamPrefix = params.get('streamPrefix') ?? undefined;
  params.delete('streamPrefix');
  const rest = params.toString();
  let store: typeof import('./store');
  try {
    store = await import('./store');
  } catch (error) {
    throw isMissingPackage(error, '@eventstore/db-client') ? missingDriver('@eventstore/db-client', 'esdb://', error) : error;
  }
  return store.createEventStoreDbEventStore({ connectionString: rest ? `${base}?${rest}` : base, ...(streamPrefix ? { streamPrefix } : {}) });
};

registerStoreScheme(isEventStoreDbUrl, openEventStoreDbStore);
