import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;

interface Manifest {
  name?: string;
  scripts?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** Every installed package (nested ones too) with an install script, by name. */
function packagesWithInstallScripts(modules: string, found = new Set<string>()): Set<string> {
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((scoped) => join(modules, entry, scoped)) : [join(modules, entry)];
    for (const dir of dirs) {
      if (!existsSync(join(dir, 'package.json'))) continue;
      const manifest = readManifest(dir);
      if (manifest.name && INSTALL_SCRIPTS.some((script) => manifest.scripts?.[script])) found.add(manifest.name);
      packagesWithInstallScripts(join(dir, 'node_modules'), found);
    }
  }
  return found;
}

describe('package.json allowScripts (npm 11 warns on every `npm ci` about install scripts it does not cover)', () => {
  it('covers every installed dependency that has an install script', () => {
    const { allowScripts = {} } = readManifest(ROOT);
    const covered = new Set(Object.keys(allowScripts).map((key) => key.replace(/(?<=.)@.*$/, '')));

    const uncovered = [...packagesWithInstallScripts(join(ROOT, 'node_modules'))].filter((name) => !covered.has(name));

    expect(uncovered).toEqual([]);
    expect(allowScripts).toMatchObject({ esbuild: true });
  });
});
