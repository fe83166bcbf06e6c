import { describeVaultBackendContract } from '../contract/vault-contract';
import { asOwner, dropSchema, PG_URL, uniqueSchema } from './test-support';
import { createPostgresVaultBackend } from './vault';

const outcome = async (work: () => Promise<unknown>): Promise<'refused' | 'done'> => {
  try {
    await work();
    return 'done';
  } catch {
    return 'refused';
  }
};

describeVaultBackendContract('postgres', async () => {
  const schema = uniqueSchema('vault');
  return {
    open: () => createPostgresVaultBackend({ connectionString: PG_URL, schema }),
    tamperCiphertext: (ref) =>
      asOwner(async (c) => {
        await c.query(`UPDATE ${schema}.vault_records SET sealed = overlay(sealed placing decode(lpad(to_hex(get_byte(sealed, 20) # 1), 2, '0'), 'hex') from 21 for 1) WHERE ref = $1`, [ref]);
      }),
    rewriteAccessLog: () =>
      asOwner(async (c) => ({
        update: await outcome(() => c.query(`UPDATE ${schema}.vault_access_log SET entry = '{}' WHERE seq = 1`)),
        remove: await outcome(() => c.query(`DELETE FROM ${schema}.vault_access_log WHERE seq = 1`)),
      })),
    cleanup: () => dropSchema(schema),
  };
});
