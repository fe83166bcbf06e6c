/** The file was created with another hash algorithm than the one asked for. */
export class HashAlgorithmMismatchError extends Error {
  override readonly name = 'HashAlgorithmMismatchError';
  readonly kind = 'hashAlgorithmMismatch' as const;
  constructor(
    readonly path: string,
    readonly stored: string,
    readonly requested: string,
  ) {
    super(`${path}: the store chains with ${stored}, not ${requested}`);
  }
}

/** An inline projection failed inside an append (the append was rolled back) or could not be registered. */
export class InlineProjectionError extends Error {
  override readonly name = 'InlineProjectionError';
  readonly kind = 'inlineProjection' as const;
  constructor(
    readonly projection: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`inline projection ${projection}: ${reason}`, options);
  }
}
