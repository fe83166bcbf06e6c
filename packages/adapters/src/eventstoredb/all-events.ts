import { streamNameFilter, type EventStoreDBClient, type ResolvedEvent, type StreamSubscription } from '@eventstore/db-client';
import { subscriptionStart } from './positions';
import { ownStreamRegex } from './stream-names';

/**
 * A catch-up subscription to `$all` after a checkpoint, filtered on the server to our streams
 * (the regex excludes `$`-prefixed system streams and other applications' streams).
 */
export const subscribeToOwnEvents = (client: EventStoreDBClient, prefix: string, after: number): StreamSubscription =>
  client.subscribeToAll({
    fromPosition: subscriptionStart(after),
    filter: streamNameFilter({ regex: ownStreamRegex(prefix) }),
  });

/** Our events after `after` up to and including `end`, in `$all` order; the subscription ends with the loop. */
export async function* ownEventsBetween(client: EventStoreDBClient, prefix: string, after: number, end: number): AsyncGenerator<ResolvedEvent> {
  if (end <= after) return;
  const subscription = subscribeToOwnEvents(client, prefix, after);
  try {
    for await (const resolved of subscription) {
      const commit = resolved.event?.position?.commit;
      if (commit === undefined || commit > BigInt(end)) return;
      yield resolved;
      if (commit === BigInt(end)) return;
    }
  } finally {
    await subscription.unsubscribe();
  }
}
