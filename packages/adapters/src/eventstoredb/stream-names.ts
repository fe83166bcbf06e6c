import { parseStreamId } from '@banjian/core';

/** The prefix of every stream this adapter writes (`case-42` is stored as `banjianCase-42`). */
export const DEFAULT_STREAM_PREFIX = 'banjian';

/** A stream id that has no EventStoreDB name under the adapter's rule, or a name that is not ours. */
export class StreamNameError extends Error {
  override readonly name = 'StreamNameError';
  readonly kind = 'streamName' as const;
  constructor(
    readonly stream: string,
    readonly reason: string,
  ) {
    super(`stream ${JSON.stringify(stream)}: ${reason}`);
  }
}

const CATEGORY = /^[a-z][A-Za-z0-9]*$/;
const PREFIX = /^[a-z][a-z0-9]*$/;

export const checkStreamPrefix = (prefix: string): string => {
  if (!PREFIX.test(prefix)) throw new StreamNameError(prefix, 'a stream prefix is lower-case letters and digits, starting with a letter');
  return prefix;
};

/**
 * Our `<category>-<id>` ↔ EventStoreDB `<prefix><Category>-<id>`. The category becomes camel case
 * and carries no dash, so the name has its first dash right after the category: EventStoreDB's
 * `$by_category` projection (first-dash rule) then files `banjianCase-c-1` under `banjianCase`,
 * whatever dashes the id holds. The id is kept as it is (any text, dashes included).
 */
export const toEsdbStreamName = (streamId: string, prefix = DEFAULT_STREAM_PREFIX): string => {
  const { category, entityId } = parseStreamId(streamId);
  if (!streamId.includes('-') || entityId === '') throw new StreamNameError(streamId, 'a stream id is <category>-<id> with a non-empty id');
  if (!CATEGORY.test(category)) throw new StreamNameError(streamId, `category "${category}" is not a lower camel-case word (a-z, then letters and digits)`);
  return `${prefix}${category.charAt(0).toUpperCase()}${category.slice(1)}-${entityId}`;
};

/** The inverse of `toEsdbStreamName`; a name of another shape (system `$…`, other applications) is refused. */
export const fromEsdbStreamName = (name: string, prefix = DEFAULT_STREAM_PREFIX): string => {
  const dash = name.indexOf('-');
  const head = dash < 0 ? name : name.slice(0, dash);
  const category = head.slice(prefix.length);
  if (!head.startsWith(prefix) || !/^[A-Z][A-Za-z0-9]*$/.test(category) || dash === name.length - 1 || dash < 0) {
    throw new StreamNameError(name, `not a ${prefix} stream (${prefix}<Category>-<id>)`);
  }
  return `${category.charAt(0).toLowerCase()}${category.slice(1)}-${name.slice(dash + 1)}`;
};

/** Is this EventStoreDB stream one of ours? (The same rule as the server-side filter.) */
export const isOwnStreamName = (name: string, prefix = DEFAULT_STREAM_PREFIX): boolean => ownStreamPattern(prefix).test(name);

/** The regular expression of the server-side `$all` filter: our streams only, never `$`-prefixed system streams. */
export const ownStreamRegex = (prefix = DEFAULT_STREAM_PREFIX): string => `^${prefix}[A-Z][A-Za-z0-9]*-[\\s\\S]`;

const patterns = new Map<string, RegExp>();
const ownStreamPattern = (prefix: string): RegExp => {
  let pattern = patterns.get(prefix);
  if (!pattern) patterns.set(prefix, (pattern = new RegExp(ownStreamRegex(prefix))));
  return pattern;
};
