import { startFailoverCluster } from '../packages/adapters/src/postgres/failover-cluster.support';
import { runFailoverDrill, type FailoverDrillResult } from '../packages/adapters/src/postgres/failover-drill.support';
import type { BenchSuite, Metric } from './types';

/**
 * PostgreSQL failover (issue 13 §4), on a primary and a synchronous hot standby of the installed
 * server started for the bench (free loopback ports, a temporary folder, fsync on), each round a
 * new pair: 6 hall-service writers send commands through the engine and the real case decider to
 * the host list `postgres://…:p1,…:p2/…`, a reader follows the log; after 300 acknowledged
 * commands the primary is killed (SIGKILL to all its processes) and the standby promoted at once
 * (`pg_promote`; an orchestrator's detection time is not included), and the writers go on until the
 * new primary has acknowledged 300 more.
 * - `failover.pg.seconds`: kill → first acknowledgement of a command sent after the kill (so stored
 *   by the new primary), median of rounds; `.max` the worst round;
 * - `failover.pg.promoteSeconds`: until `pg_promote` returned (median; `.max` the worst; it looks
 *   every 100 ms, so writes may come back before it returns);
 * - `failover.pg.lostAcknowledged`: acknowledged commands whose events are not on the new primary
 *   (all rounds; must be 0); `failover.pg.duplicated`: commands stored twice (must be 0);
 * - `failover.pg.resent`: commands the writers sent again after the server went away (all rounds).
 */
const ROUNDS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

const suite: BenchSuite = {
  metrics: [
    'failover.pg.seconds', 'failover.pg.seconds.max', 'failover.pg.promoteSeconds', 'failover.pg.promoteSeconds.max', 'failover.pg.lostAcknowledged',
    'failover.pg.duplicated', 'failover.pg.resent', 'failover.pg.acknowledged',
  ],
  async run() {
    const results: FailoverDrillResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const cluster = await startFailoverCluster({ fsync: true });
      try {
        const result = await runFailoverDrill({ cluster, writers: 6, before: 300, after: 300 });
        if (!result.verified.ok) throw new Error(`bench: the new primary's log does not verify: ${JSON.stringify(result.verified)}`);
        if (!result.subscription.sameAsLog) throw new Error('bench: the subscription did not see the log as stored');
        results.push(result);
      } finally {
        await cluster.stop();
      }
    }
    const seconds = results.map((r) => r.secondsToWrites);
    const sum = (of: (r: FailoverDrillResult) => number) => results.reduce((n, r) => n + of(r), 0);
    const metrics: Metric[] = [
      { name: 'failover.pg.seconds', value: round3(median(seconds)), unit: 's' },
      { name: 'failover.pg.seconds.max', value: round3(Math.max(...seconds)), unit: 's' },
      { name: 'failover.pg.promoteSeconds', value: round3(median(results.map((r) => r.promoteMs / 1000))), unit: 's' },
      { name: 'failover.pg.promoteSeconds.max', value: round3(Math.max(...results.map((r) => r.promoteMs / 1000))), unit: 's' },
      { name: 'failover.pg.lostAcknowledged', value: sum((r) => r.lost.length), unit: 'commands' },
      { name: 'failover.pg.duplicated', value: sum((r) => r.duplicated.length), unit: 'commands' },
      { name: 'failover.pg.resent', value: sum((r) => r.resent), unit: 'commands' },
      { name: 'failover.pg.acknowledged', value: sum((r) => r.acknowledged), unit: 'commands' },
    ];
    return metrics;
  },
};

export default suite;
