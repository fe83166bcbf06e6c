// (e) A PostgreSQL-only consumer: no better-sqlite3 installed. A case on the local server in a
// schema of its own (dropped after), and `sqlite:` refused with a one-line MissingDriverError.
import * as core from '@banjian/core';
import * as projections from '@banjian/projections';
import * as adapters from '@banjian/adapters';
import pg from 'pg';
import runCase from './run-case.cjs';

const server = process.env.BANJIAN_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `banjian_consumer_${process.pid}`;
try {
  await runCase.runCase({ core, projections, adapters }, `${server}?schema=${schema}`, 'pg');
} finally {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}
try {
  await adapters.openStore('sqlite:./never.db');
  throw new Error('sqlite: opened without better-sqlite3');
} catch (error) {
  if (error.kind !== 'missingDriver' || error.driver !== 'better-sqlite3' || error.message.includes('\n')) throw error;
  console.log(`sqlite: without its driver: ${error.message}`);
}
console.log('postgres-only consumer: ok');
