#!/usr/bin/env node
// The `banjian` bin: registers tsx (resolved from this package, so any cwd works), then runs the
// TypeScript entry in-process, exactly like `pnpm banjian` at the repository root.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/main.ts');
process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
