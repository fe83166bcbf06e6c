import { DEFAULT_STORE_URL, openStore, StoreUrlError } from '@banjian/adapters';
import type { EventStore } from '@banjian/core';
import { stringOption, UsageError, type OptionValues } from './command';

/** The `--store` URL a command was given, or the default `sqlite:./banjian.db`. */
export const storeUrlOf = (values: OptionValues): string => stringOption(values, 'store') ?? DEFAULT_STORE_URL;

/**
 * Opens the store of `--store`. Only `demo` and `import` create one (`create: true`); every other
 * command refuses a store that is not there, so a mistyped path is an error, not a report of zeros.
 * A URL that cannot be opened is a bad argument: one line, exit 2.
 */
export const openStoreOption = (values: OptionValues, options: { readonly create: boolean }): Promise<EventStore> =>
  openStoreAt(storeUrlOf(values), options);

/** `openStoreOption` for a URL in hand. */
export const openStoreAt = async (url: string, options: { readonly create: boolean }): Promise<EventStore> => {
  try {
    return await openStore(url, { create: options.create });
  } catch (error) {
    if (error instanceof StoreUrlError) throw new UsageError(error.message);
    throw error;
  }
};
