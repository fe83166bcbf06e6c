/** A schema name the store can put in SQL text unescaped: lower-case letters, digits, underscores. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

export const DEFAULT_SCHEMA = 'banjian';

/** The schema name was not one the store accepts (it is spliced into DDL and channel names). */
export class SchemaNameError extends Error {
  override readonly name = 'SchemaNameError';
  readonly kind = 'schemaName' as const;
  constructor(readonly schema: string) {
    super(`schema name ${JSON.stringify(schema)}: use 1–48 lower-case letters, digits or underscores, not starting with a digit`);
  }
}

export const checkSchemaName = (schema: string): string => {
  if (!SCHEMA_NAME.test(schema)) throw new SchemaNameError(schema);
  return schema;
};

/** The NOTIFY channel the store's appends are announced on. */
export const notifyChannel = (schema: string): string => `banjian_events_${schema}`;
