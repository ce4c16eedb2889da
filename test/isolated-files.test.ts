import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ISOLATED } from './support/isolated-files.js';
import { STUBBED_CLIENTS } from './support/restore-sdk-stubs.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * What leaks from one test file into the next when both share a worker's modules: a stub on an SDK client's prototype
 * (`mockClient` given a client class; a stub on an instance dies with the instance), a module mock, or a Lambda entry point
 * imported after the test stubbed the environment its module-level setup reads.
 */
const LEAKS = [/mockClient\(\s*[A-Z]\w*\s*[,)]/, /\bvi\.(mock|doMock|resetModules)\(/, /import\(\s*'(\.\.\/)+functions\//];

/** A glob of the kind vitest.config.ts uses (`*` within a folder, `**\/` across folders) as a regular expression. */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\u0000/g, '(?:.*/)?');
  return new RegExp(`^${source}$`);
}

function testFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** A test file's source with the test/ modules it imports (transitively): a shared setup module may hold the stub. */
function sourceWithSupport(file: string, seen = new Set<string>()): string {
  if (seen.has(file)) return '';
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  const imported = [...source.matchAll(/from '(\.\.?\/[^']+)\.js'/g)]
    .map(([, path]) => join(dirname(file), `${path}.ts`))
    .filter((path) => !relative(join(ROOT, 'test'), path).startsWith('..') && existsSync(path));
  return [source, ...imported.map((path) => sourceWithSupport(path, seen))].join('\n');
}

describe('Isolated test files', () => {
  it('lists every test file whose stubs or mocks would leak into the files sharing its worker', () => {
    const isolated = ISOLATED.map(globToRegExp);
    const leaking = testFiles(join(ROOT, 'test'))
      .map((path) => relative(ROOT, path))
      .filter((path) => LEAKS.some((leak) => leak.test(sourceWithSupport(join(ROOT, path)))));

    expect(leaking.length).toBeGreaterThan(0);
    expect(leaking.filter((path) => !isolated.some((glob) => glob.test(path)))).toEqual([]);
  });

  it('takes off the stubs of every client class a test stubs, after each isolated file', () => {
    const stubbed = new Set(
      testFiles(join(ROOT, 'test')).flatMap((path) => [...sourceWithSupport(path).matchAll(/mockClient\(\s*([A-Z]\w*)\s*[,)]/g)].map(([, name]) => name!)),
    );

    expect(stubbed.size).toBeGreaterThan(0);
    expect([...stubbed].filter((name) => !(name in STUBBED_CLIENTS))).toEqual([]);
  });

  it('matches the globs of the list the way vitest does', () => {
    expect(globToRegExp('test/core/engine/sdk-calls/**/*.test.ts').test('test/core/engine/sdk-calls/destroy.test.ts')).toBe(true);
    expect(globToRegExp('test/core/engine/sdk-calls/**/*.test.ts').test('test/core/engine/sdk-calls/a/b.test.ts')).toBe(true);
    expect(globToRegExp('test/aws/ecs-service-fleet-*.test.ts').test('test/aws/ecs-service-fleet-create.test.ts')).toBe(true);
    expect(globToRegExp('test/aws/ecs-service-fleet-*.test.ts').test('test/aws/ecs-service-fleet/create.test.ts')).toBe(false);
    expect(globToRegExp('test/http/function-api.test.ts').test('test/http/function-apixtest.ts')).toBe(false);
  });
});
