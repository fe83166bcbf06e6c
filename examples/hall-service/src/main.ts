import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createPostgresVaultBackend, createSqliteVaultBackend, isPostgresUrl, openReadModelDatabase } from '@banjian/adapters';
import { createLocalMasterKeys, createVault, parseMasterKeyFile, type VaultBackend } from '@banjian/core';
import { createSqliteQueryCodes, createSqlQueryCodes, type QueryCodeStore } from './query-codes';
import { startHallService } from './service';
import { DEV_AUDIENCE, DEV_ISSUER } from './tokens';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite:./hall-service.db' },
    private: { type: 'string', default: './hall-service-private.db' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'public-key': { type: 'string', multiple: true, default: ['dev-keys/public.pem'] },
    issuer: { type: 'string', default: DEV_ISSUER },
    audience: { type: 'string', default: DEV_AUDIENCE },
    'vault-key': { type: 'string', default: 'dev-keys/vault.key' },
    'retention-years': { type: 'string', default: '3' },
    'archive-item': { type: 'string', multiple: true, default: [] },
    'checkpoint-key': { type: 'string' },
    'checkpoint-dir': { type: 'string', default: './checkpoints' },
    'checkpoint-every': { type: 'string', default: '60' },
    'read-store': { type: 'string' },
    'read-model': { type: 'string', default: 'inline' },
    'read-wait-ms': { type: 'string', default: '5000' },
    'lease-ms': { type: 'string', default: '10000' },
  },
});
const fail = (reason: string): never => {
  console.error(reason);
  process.exit(2);
};
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${JSON.stringify(values.port)} is not a port number`);
const publicKeys = values['public-key']!.map((file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fail(`--public-key ${file}: cannot read it (make a local pair with: pnpm jwt keys)`);
  }
});
const retentionYears = Number(values['retention-years']);
if (!Number.isInteger(retentionYears) || retentionYears <= 0) fail(`--retention-years ${JSON.stringify(values['retention-years'])} is not a whole number of years`);
let masterKeys: ReturnType<typeof parseMasterKeyFile> | undefined;
try {
  masterKeys = parseMasterKeyFile(readFileSync(values['vault-key']!, 'utf8'));
} catch (error) {
  fail(`--vault-key ${values['vault-key']}: ${(error as Error).message} (make a local one with: pnpm jwt keys)`);
}
// Personal data lives in the private file (or PostgreSQL schema, shared by every process) beside
// the query codes; archived items are kept 30 years.
const privateUrl = values.private!;
let backend: VaultBackend;
let queryCodes: QueryCodeStore;
if (isPostgresUrl(privateUrl)) {
  const url = new URL(privateUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  backend = await createPostgresVaultBackend({ connectionString: url.toString(), ...(schema ? { schema } : {}) });
  queryCodes = createSqlQueryCodes(await openReadModelDatabase(privateUrl));
} else {
  backend = createSqliteVaultBackend({ path: privateUrl });
  queryCodes = createSqliteQueryCodes(privateUrl);
}
const vault = createVault({
  backend,
  keys: createLocalMasterKeys(masterKeys!),
  retention: { default: { years: retentionYears }, items: Object.fromEntries(values['archive-item']!.map((code) => [code, { years: 30 }])) },
});
// A new current key in the key file re-wraps every data key at start (the old key can then be dropped from the file).
const rewrapped = await vault.rotateMasterKey({ actor: { kind: 'system', id: 'hall-service' }, purpose: 'master key rotation at start' });
if (rewrapped > 0) console.log(`re-wrapped ${rewrapped} data keys with master key ${masterKeys!.current}`);
const checkpointEvery = Number(values['checkpoint-every']);
if (!(checkpointEvery > 0)) fail(`--checkpoint-every ${JSON.stringify(values['checkpoint-every'])} is not a number of minutes`);
const checkpointKey = values['checkpoint-key'];
// Read-model queries may go to a hot standby; writes and the inline projector stay on --store.
const readStoreUrl = values['read-store'] ?? process.env.BANJIAN_READ_STORE;
const projector = values['read-model'];
if (projector !== 'inline' && projector !== 'workers') fail(`--read-model ${JSON.stringify(projector)} is not inline or workers`);
const readWaitMs = Number(values['read-wait-ms']);
if (!Number.isInteger(readWaitMs) || readWaitMs < 0) fail(`--read-wait-ms ${JSON.stringify(values['read-wait-ms'])} is not a whole number of milliseconds`);
const leaseMs = Number(values['lease-ms']);
if (!Number.isInteger(leaseMs) || leaseMs < 100) fail(`--lease-ms ${JSON.stringify(values['lease-ms'])} is not a whole number of milliseconds ≥ 100`);
const service = await startHallService({
  storeUrl: values.store!,
  port,
  host: values.host!,
  auth: { publicKeys, issuer: values.issuer!, audience: values.audience! },
  queryCodes,
  vault,
  readModelOptions: { projector: projector as 'inline' | 'workers', waitMs: readWaitMs, leaseMs, ...(readStoreUrl ? { readStoreUrl } : {}) },
  // Signed Merkle checkpoints 签名检查点 of the log, published where the database owner cannot reach.
  ...(checkpointKey ? { checkpoints: { privateKey: readFileSync(checkpointKey, 'utf8'), to: [{ dir: values['checkpoint-dir']! }], everyMs: checkpointEvery * 60_000 } } : {}),
});
console.log(`hall service on ${service.url} (store ${values.store}, private data ${values.private}${readStoreUrl ? `, reads from ${readStoreUrl}` : ''}, read model ${projector})`);
const stop = () => void service.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
