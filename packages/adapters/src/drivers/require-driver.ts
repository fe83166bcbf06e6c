import { createRequire } from 'node:module';
import { isMissingPackage, missingDriver } from './missing-driver';

const require = createRequire(import.meta.url);
const loaded = new Map<string, unknown>();

/**
 * Load a store's driver on first use (better-sqlite3, pg: CommonJS packages, so synchronously),
 * so that importing @banjian/adapters loads none of them and a hall installs only the one its
 * store needs. A driver that is not installed is a MissingDriverError naming the package.
 */
export const requireDriver = <T>(name: string, store: string): T => {
  if (loaded.has(name)) return loaded.get(name) as T;
  try {
    const driver = require(name) as T;
    loaded.set(name, driver);
    return driver;
  } catch (error) {
    throw isMissingPackage(error, name) ? missingDriver(name, store, error) : error;
  }
};
