#!/usr/bin/env -S npx tsx
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runReplay } from './run';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' }, bundle: { type: 'string' } } });
process.exitCode = await runReplay(positionals, { json: values.json === true, ...(values.bundle !== undefined ? { bundle: values.bundle } : {}) }, { stdout: process.stdout, stderr: process.stderr, readFile: (p) => readFileSync(p, 'utf8') });
