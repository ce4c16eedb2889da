import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stackFrames } from '../../src/observability/stack-frames.js';

const directory = mkdtempSync(join(tmpdir(), 'devenv-stack-frames-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A minified bundle of src/fail.ts (+ map when asked) whose `fail()` throws on line 3 of its source. */
async function bundle(name: string, sourcemap: boolean): Promise<{ fail: () => never }> {
  const source = join(directory, name, 'src', 'fail.ts');
  mkdirSync(join(directory, name, 'src'), { recursive: true });
  writeFileSync(source, 'export function fail(): never {\n  const reason: string = "broken";\n  throw new Error(reason);\n}\n');
  const outfile = join(directory, name, 'dist', 'index.mjs');
  await build({ entryPoints: [source], bundle: true, format: 'esm', platform: 'node', minify: true, sourcemap, sourcesContent: false, outfile, logLevel: 'silent' });
  return import(pathToFileURL(outfile).href);
}

function thrownBy(fail: () => never): Error {
  try {
    fail();
  } catch (error) {
    return error as Error;
  }
}

describe('Function: stackFrames', () => {
  it('points a bundle\'s frames at the TypeScript source through the map beside the bundle', async () => {
    const { fail } = await bundle('mapped', true);

    const frames = stackFrames(thrownBy(fail));

    expect(frames[0]).toMatch(/^at .*src\/fail\.ts:3:\d+\)?$/);
    expect(frames.join('\n')).not.toContain('index.mjs');
  });

  it('leaves the frames of a bundle without a map as they are', async () => {
    const { fail } = await bundle('unmapped', false);

    const frames = stackFrames(thrownBy(fail));

    expect(frames[0]).toMatch(/^at .*dist\/index\.mjs:1:\d+\)?$/);
  });
});
