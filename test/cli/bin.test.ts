import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';

const BIN = fileURLToPath(new URL('../../bin/devenv.mjs', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'devenv-cli-bin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the repository's `bin/` outside it, where `tsx` cannot be found (as after `npm ci --omit=dev`). */
function checkoutWithoutTsx(name: string): string {
  const root = join(work, name);
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync(BIN, join(root, 'bin', 'devenv.mjs'));
  return root;
}

function run(bin: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('Script: bin/devenv.mjs', () => {
  it('runs the bundle in dist/ when tsx is not installed', async () => {
    const root = checkoutWithoutTsx('with-bundle');
    await build({ entryPoints: [ENTRY], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: join(root, 'dist', 'devenv.mjs'), logLevel: 'silent' });

    const result = await run(join(root, 'bin', 'devenv.mjs'), '--help');

    expect(result).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(result.stdout).toContain('Usage:');
  });

  it('exits 8 and says how to get a runnable CLI when there is neither tsx nor a bundle', async () => {
    const root = checkoutWithoutTsx('bare');

    const result = await run(join(root, 'bin', 'devenv.mjs'), '--help');

    expect(result.code).toBe(EXIT.unavailable);
    expect(result.stderr).toContain('npm run build:cli');
  });
});
