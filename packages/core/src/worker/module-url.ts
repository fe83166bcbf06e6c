/**
 * The URL of one of our modules as this build loads it, given the URL of its TypeScript source:
 * the source itself when running from sources (tsx, vitest), the `.js` beside it when compiled.
 * What a worker or a range reader is told to `import()`.
 */
export const moduleUrl = (source: URL): string =>
  import.meta.url.endsWith('.ts') ? source.href : source.href.replace(/\.ts$/, '.js');
