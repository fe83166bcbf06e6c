#!/usr/bin/env node
// The published `banjian` bin: the built CLI on plain Node (the workspace's bin/banjian.js runs the sources through tsx).
import { run } from './main';

process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
