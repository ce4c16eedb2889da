import type { TestProject } from 'vitest/node';
import { MOTO_INSTALL_HINT, MotoNotInstalledError, motoVersion, PINNED_MOTO_VERSION, showLauncher, startMotoServer, warmUp } from './moto-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** moto's endpoint for this run; null when moto is not installed and the suite is skipped. */
    motoEndpoint: string | null;
  }
}

/**
 * Starts one `moto_server` for the whole conformance run and stops it afterwards, whatever happens.
 * Without moto the suite is skipped loudly, except on CI (`CI=true`), where a missing moto fails the run: CI must
 * run the conformance suite, not skip it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let moto;
  try {
    moto = await startMotoServer();
  } catch (error) {
    if (!(error instanceof MotoNotInstalledError)) throw error;
    if (process.env.CI === 'true' || process.env.CI === '1') {
      throw new Error(`CI=true: the conformance suite must run on CI, but ${error.message}`, { cause: error });
    }
    banner([
      'CONFORMANCE SUITE SKIPPED: moto is not installed (no moto_server, no python3 -m moto.server).',
      'These tests run devenv\'s AWS adapters against moto (a local AWS emulator) and hold the',
      'simulated cloud to the same results. To run them:',
      `  ${MOTO_INSTALL_HINT}`,
      '  npm run test:conformance',
    ]);
    project.provide('motoEndpoint', null);
    return async () => undefined;
  }
  // Not awaited: moto loads its services while vitest loads the test files.
  const warm = warmUp(moto.endpoint);
  const version = await motoVersion(moto.launcher);
  process.stderr.write(`conformance: moto ${version ?? '(version unknown)'} (${showLauncher(moto.launcher)}), pid ${moto.pid} on ${moto.endpoint}\n`);
  if (version !== PINNED_MOTO_VERSION) {
    // A warning, not a failure: another moto may well pass, and if it does not, the failures name the differences.
    banner([
      `WARNING: moto ${version ?? 'of an unknown version'} is running; the known differences are pinned to moto ${PINNED_MOTO_VERSION}.`,
      'Differences from known-differences.ts may fail as "no longer shown", or new ones as "unexplained".',
      `To run the pinned version: pip install "moto[server]==${PINNED_MOTO_VERSION}"`,
    ]);
  }
  project.provide('motoEndpoint', moto.endpoint);
  return async () => {
    // moto first: the warm-up's requests then end at once (they also give up on their own after 30 s).
    await moto.stop();
    await warm;
  };
}

function banner(lines: string[]): void {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const rule = '!'.repeat(width);
  process.stderr.write(`\n${rule}\n${lines.map((line) => `! ${line.padEnd(width - 4)} !`).join('\n')}\n${rule}\n\n`);
}
