/**
 * Where another thread opens a reader of a log itself (a worker reading its own global-position
 * ranges): `module` is the URL of a module of ours exporting the opener the port names, `args`
 * (structured-cloneable) locate the log.
 */
export interface ReaderLocation {
  module: string;
  args: unknown;
}

/** Does `source` name a reader location under `key` (such as a store's `rawRanges`)? */
export const namesReader = <K extends string>(source: unknown, key: K): source is Record<K, ReaderLocation> =>
  typeof source === 'object' && source !== null && typeof (source as Partial<Record<K, Partial<ReaderLocation>>>)[key]?.module === 'string';
