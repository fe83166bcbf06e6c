import { registerStoreScheme } from '../url/open-store';
import { createPostgresEventStore } from './store';

/** `postgres://…` and `postgresql://…` store URLs (spec §7): a `schema` query parameter names the schema. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

export const openPostgresStore = async (url: string) => {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return createPostgresEventStore({ connectionString: parsed.toString(), ...(schema ? { schema } : {}) });
};

registerStoreScheme(isPostgresUrl, openPostgresStore);
