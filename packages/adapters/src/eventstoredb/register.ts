import { registerStoreScheme } from '../url/open-store';
import { createEventStoreDbEventStore } from './store';

/**
 * `esdb://…` and `esdb+discover://…` store URLs (spec §7), as the EventStoreDB client takes them;
 * a `streamPrefix` query parameter (ours, removed before the client sees the URL) names the prefix.
 */
export const isEventStoreDbUrl = (url: string): boolean => /^esdb(\+discover)?:\/\//i.test(url);

export const openEventStoreDbStore = async (url: string) => {
  const [base, query = ''] = url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  const streamPrefix = params.get('streamPrefix') ?? undefined;
  params.delete('streamPrefix');
  const rest = params.toString();
  return createEventStoreDbEventStore({ connectionString: rest ? `${base}?${rest}` : base, ...(streamPrefix ? { streamPrefix } : {}) });
};

registerStoreScheme(isEventStoreDbUrl, openEventStoreDbStore);
