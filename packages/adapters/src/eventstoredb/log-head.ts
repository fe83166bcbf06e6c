import { BACKWARDS, END, type EventStoreDBClient, type Position, type ResolvedEvent } from '@eventstore/db-client';
import { drain } from './drain';
import { globalPositionOf } from './positions';
import { isOwnStreamName } from './stream-names';

const PAGE = 256;

/**
 * The global position of the last event of ours in `$all` (0 when there is none): where a read
 * that starts now ends. `$all` is read backwards, page by page, past system and foreign events
 * (the client reads `$all` unfiltered; only subscriptions take a server-side filter).
 */
export const lastOwnPosition = async (client: EventStoreDBClient, prefix: string): Promise<number> => {
  let from: Position | typeof END = END;
  for (;;) {
    let last: ResolvedEvent | undefined;
    let seen = 0;
    for (const resolved of await drain(client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: PAGE }))) {
      const event = resolved.event;
      // A backward read starts before its position; never count the page's own start twice.
      if (event?.position && from !== END && event.position.commit >= from.commit) continue;
      seen += 1;
      last = resolved;
      if (event && isOwnStreamName(event.streamId, prefix)) return globalPositionOf(event.position);
    }
    const position = last?.event?.position;
    if (seen === 0 || !position) return 0;
    from = position;
  }
};
