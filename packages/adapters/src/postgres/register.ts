import type pg from 'pg';
import { requireDriver } from '../drivers/index';
import { registerStoreScheme, StoreUrlError, type OpenStoreOptions } from '../url/open-store';
import { checkSchemaName, DEFAULT_SCHEMA } from './schema-name';
import { createPostgresEventStore } from './store';

/** `postgres://…` and `postgresql://…` store URLs (spec §7): a `schema` query parameter names the schema. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/** With `create: false`, a schema without the store's tables is refused instead of created (a mistyped `?schema=`). */
const requireExistingStore = async (url: string, connectionString: string, schema: string): Promise<void> => {
  const client = new (requireDriver<typeof pg>('pg', 'postgres://').Client)({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`${schema}.events`]);
    if (rows[0]?.found == null) throw new StoreUrlError(`${url}: no store in schema ${schema} (a store is created only by demo or import; check ?schema=)`);
  } finally {
    await client.end();
  }
};

export const openPostgresStore = async (url: string, options: OpenStoreOptions = {}) => {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  if (options.create === false) await requireExistingStore(url, parsed.toString(), checkSchemaName(schema ?? DEFAULT_SCHEMA));
  return createPostgresEventStore({ connectionString: parsed.toString(), ...(schema ? { schema } : {}) });
};

registerStoreScheme(isPostgresUrl, openPostgresStore);
