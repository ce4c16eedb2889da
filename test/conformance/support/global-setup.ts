import type { TestProject } from 'vitest/node';
import { MOTO_INSTALL_HINT, MotoNotInstalledError, startMotoServer, warmUp } from './moto-server.js';

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
      throw new Error(`CI=true: the conformance suite must run on CI, but moto_server is missing. Install it with: ${MOTO_INSTALL_HINT}`, {
        cause: error,
      });
    }
    banner([
      'CONFORMANCE SUITE SKIPPED: moto_server is not installed.',
      'These tests run devenv\'s AWS adapters against moto (a local AWS emulator) and hold the',
      'simulated cloud to the same results. To run them:',
      `  ${MOTO_INSTALL_HINT}`,
      '  npm run test:conformance',
    ]);
    project.provide('motoEndpoint', null);
    return async () => undefined;
  }
  process.stderr.write(`conformance: moto_server pid ${moto.pid} on ${moto.endpoint}\n`);
  // Not awaited: moto loads its services while vitest loads the test files.
  const warm = warmUp(moto.endpoint);
  project.provide('motoEndpoint', moto.endpoint);
  return async () => {
    await warm;
    await moto.stop();
  };
}

function banner(lines: string[]): void {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const rule = '!'.repeat(width);
  process.stderr.write(`\n${rule}\n${lines.map((line) => `! ${line.padEnd(width - 4)} !`).join('\n')}\n${rule}\n\n`);
}
