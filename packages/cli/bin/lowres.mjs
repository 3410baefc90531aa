#!/usr/bin/env node
// The `lowres` command. In a checkout (TypeScript sources beside this file) it runs them through
// tsx's loader inside this very process: no wrapper process stands between the shell and training,
// so SIGINT / SIGTERM reach the CLI's graceful stop however it is launched (`tsx cli.ts` puts a
// parent in between that kills a child whose event loop is busy in a training step). An installed
// package runs its build in dist/.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(source)) {
  register('./source-conditions.mjs', import.meta.url);
  const { register: registerTypeScript } = await import('tsx/esm/api');
  registerTypeScript();
  await import(source.href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
