#!/usr/bin/env node
// The `devenv` command inside this repository: runs the TypeScript source through tsx, so there is no build step.
// CI elsewhere runs the single-file bundle instead (`npm run build:cli` → dist/devenv.mjs, Node built-ins only).
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/bin.ts', import.meta.url).href);
