import { textFault } from '@banjian/core';
import { badRequest, type ErrorReply } from './http-errors';

/** Deepest JSON nesting a command may have (the deepest real command is 5 levels; 32 leaves room). */
export const MAX_JSON_DEPTH = 32;

/**
 * Checks a parsed request body before any codec sees it: nesting no deeper than `maxDepth` and no
 * string (key or value) with NUL or a lone surrogate. The walk is iterative, so a hostile body of
 * 100 000 nested arrays is answered 400 here instead of overflowing a recursive describer.
 */
export const checkBody = (value: unknown, maxDepth = MAX_JSON_DEPTH): ErrorReply | undefined => {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    const field = path || '(body)';
    if (typeof v === 'string') {
      const fault = textFault(v);
      if (fault) return badRequest(field, fault);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) return badRequest(field, `nested deeper than ${maxDepth} levels`);
    for (const [key, child] of Object.entries(v)) {
      const fault = textFault(key);
      if (fault) return badRequest(field, `a key ${fault}`);
      stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return undefined;
};

/** One path segment, percent-decoded; bad encoding, NUL or a lone surrogate is a 400 naming the parameter. */
export const pathParam = (raw: string, name: string): string | ErrorReply => {
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    return badRequest(name, `bad percent-encoding: ${JSON.stringify(raw)}`);
  }
  const fault = textFault(text);
  return fault ? badRequest(name, fault) : text;
};

/** A query parameter, checked like a path segment (URLSearchParams already decoded it, replacing bad bytes). */
export const queryParam = (query: URLSearchParams, name: string): string | undefined | ErrorReply => {
  const value = query.get(name);
  if (value === null) return undefined;
  const fault = textFault(value);
  return fault ? badRequest(name, fault) : value;
};

export const isErrorReply = (x: unknown): x is ErrorReply => typeof x === 'object' && x !== null && 'status' in x && 'body' in x;
