/** A typed error as the service answers it: HTTP status plus the error as JSON. */
export interface ErrorReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

/**
 * HTTP status of each typed error kind. Validation and domain refusals are 400 (the body names the
 * field or the rule), except `forbidden` 403 and `notFound` 404; a concurrency failure is 409.
 */
export const STATUS_OF_KIND: Readonly<Record<string, number>> = {
  decode: 400,
  invalidEvent: 400,
  invalidCommand: 400,
  illegalTransition: 400,
  conflict: 400,
  businessTime: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  concurrency: 409,
};

/** The reply for an engine error (a plain object or a typed Error carrying `kind`). */
export const errorReply = (error: unknown): ErrorReply => {
  const kind = (error as { kind?: unknown }).kind;
  const status = typeof kind === 'string' ? STATUS_OF_KIND[kind] : undefined;
  if (status === undefined) return { status: 500, body: { kind: 'internal', message: 'internal error' } };
  // Error subclasses keep `message` off their own enumerable fields: name it explicitly.
  const message = (error as { message?: unknown }).message;
  return { status, body: { ...(error as object), ...(typeof message === 'string' ? { message } : {}) } };
};

/** A request the service itself refuses before any engine is involved (bad JSON, bad query). */
export const badRequest = (field: string, reason: string): ErrorReply => ({
  status: 400,
  body: { kind: 'decode', field, reason, message: `${field}: ${reason}` },
});

export const notFound = (what: string): ErrorReply => ({ status: 404, body: { kind: 'notFound', message: `${what} not found` } });
