import type { EventToAppend } from '@banjian/core';
import { createSqliteEventStore } from './store';

/**
 * A writer in a process of its own, for the crash and multi-process tests:
 * `writer-process <database file> [batches] [writer name]` appends batches of three events,
 * alternating between a stream shared by all writers and one of the writer's own, forever unless
 * `batches` is given, printing `ack <streamId> <streamPosition> <globalPosition> <eventId>` for every
 * event of a batch once its append has returned (acknowledged = durable with synchronous=FULL).
 */
const [path, batchesArg, writer = 'solo'] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: writer-process <database file> [batches] [writer name]\n');
  process.exit(2);
}
const batches = batchesArg === undefined ? Infinity : Number(batchesArg);
const store = createSqliteEventStore({ path, busyTimeoutMs: 30_000 });
const actor = { kind: 'staff' as const, id: `staff-${writer}` };
const occurredAt = '2025-01-01T09:00:00+08:00';
const batch = (n: number): EventToAppend[] =>
  [0, 1, 2].map((i) => ({
    type: 'ConsultationRecorded',
    data: { consultationId: `${writer}-${n}-${i}`, hallId: 'hall-1', topic: `断电测试 ${n}.${i} 🔌` },
    occurredAt,
    actor,
  }));

for (let n = 0; n < batches; n++) {
  const streamId = n % 2 === 0 ? 'consultation-shared' : `consultation-${writer}`;
  const result = await store.appendToStream(streamId, batch(n));
  process.stdout.write(result.events.map((e) => `ack ${e.streamId} ${e.streamPosition} ${e.globalPosition} ${e.eventId}\n`).join(''));
}
await store.close();
