#!/usr/bin/env node
// The `opf` command. opf is written in TypeScript and run through tsx, so a clone works
// after `npm ci` with no build step (see docs/adr/0001-stack.md).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
