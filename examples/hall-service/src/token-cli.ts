import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ActorKind } from '@banjian/core';
import { DEV_AUDIENCE, DEV_ISSUER, generateTokenKeys, issueToken } from './tokens';

/**
 * `pnpm jwt keys [--dir dev-keys]` writes an Ed25519 key pair and a vault master key for local use;
 * `pnpm jwt issue --kind staff --sub s-market --hall county-1 [--ttl 3600] [--dir dev-keys]`
 * prints a token signed with it. Both for local use only: a hall's tokens come from its identity provider.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string', default: 'dev-keys' },
    kind: { type: 'string' },
    sub: { type: 'string' },
    hall: { type: 'string' },
    ttl: { type: 'string', default: '3600' },
    issuer: { type: 'string', default: DEV_ISSUER },
    audience: { type: 'string', default: DEV_AUDIENCE },
  },
});
const fail = (reason: string): never => {
  console.error(reason);
  process.exit(2);
};
const dir = values.dir!;
if (positionals[0] === 'keys') {
  if (existsSync(join(dir, 'private.pem'))) fail(`${join(dir, 'private.pem')} exists; remove it to make new keys`);
  const { privateKeyPem, publicKeyPem } = generateTokenKeys();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'private.pem'), privateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'public.pem'), publicKeyPem);
  // The personal-data vault's master key for local use (a hall keeps its own in a KMS or 密码机).
  writeFileSync(join(dir, 'vault.key'), `# <key id> <32 bytes as hex>; the last line is current (append one to rotate)\nk1 ${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  console.log(`wrote ${join(dir, 'private.pem')}, ${join(dir, 'public.pem')} and ${join(dir, 'vault.key')}`);
} else if (positionals[0] === 'issue') {
  const ttl = Number(values.ttl);
  if (!values.kind || !values.sub) fail('issue needs --kind and --sub (and --hall for staff, devices and departments)');
  if (!Number.isInteger(ttl) || ttl <= 0) fail(`--ttl ${JSON.stringify(values.ttl)} is not a number of seconds`);
  const token = await issueToken(
    { kind: values.kind as ActorKind, sub: values.sub!, ...(values.hall ? { hall: values.hall } : {}) },
    { privateKeyPem: readFileSync(join(dir, 'private.pem'), 'utf8'), issuer: values.issuer!, audience: values.audience!, ttlSeconds: ttl },
  );
  console.log(token);
} else {
  fail('usage: jwt keys [--dir D] | jwt issue --kind K --sub ID [--hall H] [--ttl S] [--dir D]');
}
