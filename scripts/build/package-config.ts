import { defineConfig, type UserConfig } from 'tsdown';

/**
 * How every @banjian package builds: each source file to its own `.js` beside the same path
 * (unbundled), so the modules a worker thread or a range reader loads by URL
 * (`new URL('./verify-worker.ts', import.meta.url)`, `moduleUrl(…)`) sit where the code expects
 * them; declarations and source maps beside each file. ESM only: CommonJS projects load it
 * through require(esm) (Node ^20.19 or ≥ 22.12, the packages' `engines`).
 */
export const packageConfig = (extra: UserConfig = {}): UserConfig =>
  defineConfig({
    entry: [
      'src/**/*.ts',
      // Tests and what only tests load never ship.
      '!src/**/*.test.ts',
      '!src/**/*.fixture.ts',
      '!src/**/test-support.ts',
      '!src/**/*.support.ts',
      '!src/**/test-io.ts',
      '!src/**/writer-process.ts',
    ],
    unbundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    dts: { sourcemap: true },
    sourcemap: true,
    clean: true,
    fixedExtension: false,
    // The package.json files are written by hand (exports under publishConfig).
    exports: false,
    publint: false,
    ...extra,
  });
