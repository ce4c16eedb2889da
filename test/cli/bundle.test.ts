import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'devenv-cli-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('CLI bundle (what CI elsewhere downloads)', () => {
  it('bundles into one small file from Node built-ins only, and runs', async () => {
    const outfile = join(work, 'devenv.mjs');

    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      metafile: true,
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'silent',
    });

    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules'))).toEqual([]);
    expect(statSync(outfile).size).toBeLessThan(64 * 1024);
    expect(execFileSync(process.execPath, [outfile, '--help'], { encoding: 'utf8' })).toContain('Usage:');
  });
});
