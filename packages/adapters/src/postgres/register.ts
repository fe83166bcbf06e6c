import { registerStoreScheme, StoreUrlError, type OpenStoreOptions } from '../url/open-store';
import { createPool } from './connection';
import { parsePostgresUrl } from './host-list';
import { checkSchemaName, DEFAULT_SCHEMA } from './schema-name';
import { createPostgresEventStore } from './store';

/**
 * `postgres://…` and `postgresql://…` store URLs (spec §7): a `schema` query parameter names the
 * schema; a host list (`postgres://h1:p1,h2:p2/db`) names a primary and its standbys.
 */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/** With `create: false`, a schema without the store's tables is refused instead of created (a mistyped `?schema=`). */
const requireExistingStore = async (url: string, connectionString: string, schema: string): Promise<void> => {
  const pool = createPool(connectionString, { max: 1 });
  pool.on('error', () => undefined);
  try {
    const { rows } = await pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`${schema}.events`]);
    if (rows[0]?.found == null) throw new StoreUrlError(`${url}: no store in schema ${schema} (a store is created only by demo or import; check ?schema=)`);
  } finally {
    await pool.end();
  }
};

/** A store URL's `schema` parameter, and the URL without it for the pool (`createPool`). */
export const splitSchemaParam = (url: string): { schema: string | undefined; connectionString: string } => {
  const parsed = parsePostgresUrl(url);
  const schema = parsed.params.get('schema') ?? undefined;
  parsed.params.delete('schema');
  // One server: the URL as the driver reads it (sockets, `host=` parameters); a host list: as libpq does.
  const single = parsed.hosts.length === 1 ? new URL(url) : undefined;
  single?.searchParams.delete('schema');
  return { schema, connectionString: single?.toString() ?? parsed.toString() };
};

export const openPostgresStore = async (url: string, options: OpenStoreOptions = {}) => {
  const { schema, connectionString } = splitSchemaParam(url);
  if (options.create === false) await requireExistingStore(url, connectionString, checkSchemaName(schema ?? DEFAULT_SCHEMA));
  return createPostgresEventStore({ connectionString, ...(schema ? { schema } : {}) });
};

registerStoreScheme(isPostgresUrl, openPostgresStore);
