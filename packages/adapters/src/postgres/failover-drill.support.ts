import { verifyLog, type StoredEvent, type SubscriptionRetry, type VerifyResult } from '@banjian/core';
import { createHallWorkload, STEPS_PER_CASE } from '@banjian/core/testkit';
import { isConnectionFailure } from './connection';
import type { FailoverCluster } from './failover-cluster.support';
import type { HostAddress } from './host-list';
import { createPostgresEventStore, type PostgresEventStore } from './store';

/**
 * A failover drill on a `FailoverCluster`: hall-service writers send commands through the real
 * engine and case decider to the host list, a reader follows the log; the primary is killed, the
 * standby promoted; the writers go on until enough commands are acknowledged by the new primary.
 * Then the log on the new primary is checked against every acknowledgement.
 */
export interface FailoverDrillOptions {
  readonly cluster: FailoverCluster;
  /** Concurrent writers, each driving its own cases one command after another (default 6). */
  readonly writers?: number;
  /** Commands acknowledged before the primary is killed (default 150). */
  readonly before?: number;
  /** Commands acknowledged by the new primary before the writers stop (default 150). */
  readonly after?: number;
  /** How long the store rides out a lost server before the command fails and the writer sends it again (default 2,000 ms). */
  readonly retryForMs?: number;
  /** Time between the kill and the promotion (an orchestrator's detection; default 0). */
  readonly promoteAfterMs?: number;
  /** The longest the drill waits for writes to come back (default 30,000 ms). */
  readonly timeoutMs?: number;
}

export interface FailoverDrillResult {
  /** Commands acknowledged in all. */
  readonly acknowledged: number;
  readonly acknowledgedBefore: number;
  /** Acknowledged commands whose events are not on the new primary (must be empty). */
  readonly lost: readonly string[];
  /** Commands whose events are stored more than once, or other than acknowledged (must be empty). */
  readonly duplicated: readonly string[];
  /** Times a writer sent a command again after it failed with the server gone. */
  readonly resent: number;
  /** Lost connections the writers' store rode out itself (appends sent again, `onRetry`). */
  readonly storeRetries: number;
  /** Acknowledged commands sent again after the failover: each was answered from the stream (`alreadyDone`), nothing appended. */
  readonly repeatedAfter: { readonly sent: number; readonly alreadyDone: number; readonly appended: number };
  /** Kill → first acknowledgement of a command sent after the kill (so stored by the new primary). */
  readonly secondsToWrites: number;
  /** Until `pg_promote` returned (it looks every 100 ms, so writes may come back before). */
  readonly promoteMs: number;
  /** Servers the writers' pool chose, in order. */
  readonly hostsChosen: readonly HostAddress[];
  /** The new primary's log, verified. */
  readonly verified: VerifyResult;
  readonly events: number;
  /** The reader's subscription: every event handled once, in order, the same as the log. */
  readonly subscription: { readonly handled: number; readonly sameAsLog: boolean; readonly retries: number };
}

interface Ack {
  readonly commandId: string;
  readonly eventIds: readonly string[];
  /** When the command was sent (its first attempt) and when it was acknowledged. */
  readonly sentAt: number;
  readonly at: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unavailable = (error: unknown) => (error as { kind?: string }).kind === 'unavailable' || isConnectionFailure(error);

const waitFor = async (what: string, ready: () => boolean, timeoutMs: number) => {
  const until = performance.now() + timeoutMs;
  while (!ready()) {
    if (performance.now() > until) throw new Error(`failover drill: ${what} within ${timeoutMs} ms`);
    await sleep(20);
  }
};

export const runFailoverDrill = async (options: FailoverDrillOptions): Promise<FailoverDrillResult> => {
  const { cluster, writers = 6, before = 150, after = 150, retryForMs = 2_000, promoteAfterMs = 0, timeoutMs = 30_000 } = options;
  const hostsChosen: HostAddress[] = [];
  let storeRetries = 0;
  const store = await createPostgresEventStore({
    connectionString: cluster.url, schema: 'drill', poolSize: writers + 2, pollIntervalMs: 100, retryForMs,
    onHostChosen: (address) => hostsChosen.push(address),
    onRetry: () => storeRetries++,
  });
  const reader = await createPostgresEventStore({ connectionString: cluster.url, schema: 'drill', pollIntervalMs: 100 });
  const closing: PostgresEventStore[] = [store, reader];
  try {
    const hall = await createHallWorkload(store, { cacheSize: 10_000 });
    const handled: StoredEvent[] = [];
    const retries: SubscriptionRetry[] = [];
    const subscription = reader.subscribe({ handler: (e) => void handled.push(e), onRetry: (r) => retries.push(r) });

    const acks: Ack[] = [];
    const lastOf: (Ack & { caseId: string; step: number })[] = [];
    let resent = 0;
    let stop = false;
    const writing = Array.from({ length: writers }, async (_, w) => {
      for (let c = 0; !stop; c++) {
        for (let step = 0; step < STEPS_PER_CASE; step++) {
          const caseId = `w${w}-c${c}`;
          const command = hall.command(caseId, step);
          const sentAt = performance.now();
          for (;;) {
            try {
              const { events } = await hall.send(command);
              const ack = { commandId: command.metadata.commandId, eventIds: events.map((e) => e.eventId), sentAt, at: performance.now() };
              acks.push(ack);
              lastOf[w] = { ...ack, caseId, step };
              break;
            } catch (error) {
              if (!unavailable(error)) throw error;
              // The server went away under the command: send it again, same commandId.
              resent++;
              await sleep(50);
            }
          }
        }
      }
    });
    // A writer that fails for another reason ends the drill at once.
    const writersFailed = new Promise<never>((_, reject) => void Promise.all(writing).catch(reject));
    writersFailed.catch(() => undefined);
    const running = () => writersFailed;

    await Promise.race([waitFor(`${before} commands acknowledged before the kill`, () => acks.length >= before, timeoutMs), running()]);
    const acknowledgedBefore = acks.length;
    const killedAt = performance.now();
    cluster.crash(cluster.primary);
    if (promoteAfterMs > 0) await sleep(promoteAfterMs);
    const promoteMs = await cluster.promote(cluster.standby);
    // Sent after the kill, so the new primary took it: an answer read just after the kill may be of
    // a commit the old primary made just before it.
    const takenByNew = (a: Ack) => a.sentAt > killedAt;
    const afterPromotion = () => acks.filter(takenByNew).length;
    await Promise.race([waitFor(`${after} commands acknowledged by the new primary`, () => afterPromotion() >= after, timeoutMs), running()]);
    stop = true;
    await Promise.all(writing);
    const firstAfter = acks.filter(takenByNew).reduce((first, a) => (a.at < first.at ? a : first));

    // Each writer's last command again: the engine finds it in the stream and appends nothing.
    let alreadyDone = 0;
    let appended = 0;
    for (const last of lastOf.filter(Boolean)) {
      const again = await hall.send(hall.command(last.caseId, last.step));
      if (again.alreadyDone) alreadyDone++;
      if (again.events.some((e) => !last.eventIds.includes(e.eventId))) appended++;
    }

    // The log as the new primary holds it, read on a connection to it alone.
    const check = await createPostgresEventStore({ connectionString: cluster.standby.url, schema: 'drill' });
    closing.push(check);
    const log: StoredEvent[] = [];
    for await (const event of check.readAll()) log.push(event);
    const idsOf = new Map<string, string[]>();
    for (const event of log) {
      const commandId = event.commandId ?? '';
      idsOf.set(commandId, [...(idsOf.get(commandId) ?? []), event.eventId]);
    }
    const lost = acks.filter((a) => a.eventIds.some((id) => !(idsOf.get(a.commandId) ?? []).includes(id))).map((a) => a.commandId);
    const duplicated = acks.filter((a) => (idsOf.get(a.commandId) ?? []).length !== a.eventIds.length).map((a) => a.commandId);
    const verified = await verifyLog(check.readRaw());

    await waitFor('the subscription at the log’s end', () => handled.length >= log.length, timeoutMs);
    await subscription.stop();
    const sameAsLog = handled.length === log.length && handled.every((e, i) => e.eventId === log[i]?.eventId && e.globalPosition === log[i]?.globalPosition);

    return {
      acknowledged: acks.length,
      acknowledgedBefore,
      lost,
      duplicated,
      resent,
      storeRetries,
      repeatedAfter: { sent: lastOf.filter(Boolean).length, alreadyDone, appended },
      secondsToWrites: (firstAfter.at - killedAt) / 1000,
      promoteMs,
      hostsChosen,
      verified,
      events: log.length,
      subscription: { handled: handled.length, sameAsLog, retries: retries.length },
    };
  } finally {
    for (const s of closing) await s.close().catch(() => undefined);
  }
};
