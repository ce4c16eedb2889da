#!/usr/bin/env node
// The `devenv` command. In a checkout with its dev dependencies (`npm ci`) it runs the TypeScript source through tsx:
// no build step, and never a stale build. Without tsx (`npm ci --omit=dev`, a copy of the repository) it runs the
// single-file bundle `npm run build:cli` writes to dist/devenv.mjs, which needs nothing but Node.
import { existsSync } from 'node:fs';

let tsx;
try {
  tsx = await import('tsx/esm/api');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
}

const bundle = new URL('../dist/devenv.mjs', import.meta.url);
if (tsx) {
  tsx.register();
  await import(new URL('../src/cli/bin.ts', import.meta.url).href);
} else if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  process.stderr.write('devenv: cannot start: run "npm ci" in the devenv repository, or "npm run build:cli" there to build dist/devenv.mjs\n');
  process.exitCode = 8; // EXIT.unavailable: the CLI failed, not the caller
}
