/**
 * A store's driver package is not installed, or (better-sqlite3) installed without its native
 * binding. The drivers are optional peer dependencies of @banjian/adapters: a hall installs the
 * one its store URL needs. The message is one line naming what to install or build.
 */
export class MissingDriverError extends Error {
  override readonly name = 'MissingDriverError';
  readonly kind = 'missingDriver' as const;
  constructor(
    /** The npm package the store needs (`better-sqlite3`, `pg`, `@eventstore/db-client`). */
    readonly driver: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** True when `error` says the package `name` itself (not something it imports) cannot be found. */
export const isMissingPackage = (error: unknown, name: string): boolean => {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && (message.includes(`'${name}'`) || message.includes(`'${name}/`));
};

/** The one-line error for a store whose driver package is not installed. */
export const missingDriver = (name: string, store: string, cause?: unknown): MissingDriverError =>
  new MissingDriverError(name, `the ${store} store needs the ${name} package: install it in your project (npm install ${name})`, { cause });
