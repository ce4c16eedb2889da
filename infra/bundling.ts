import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { fileURLToPath } from 'node:url';
import { bundleFunctionSync } from '../scripts/build-functions.js';

const FUNCTIONS_DIR = fileURLToPath(new URL('../functions', import.meta.url));

/**
 * A function's code: the project's own esbuild bundle (scripts/build-functions.ts, the one the bundle tests import),
 * built locally at synth. No Docker and no network: the image below is only the CDK's required fallback and is never
 * pulled, because local bundling always succeeds or throws.
 *
 * @example
 * new lambda.Function(this, 'Api', { code: functionCode('api'), handler: 'index.handler', … });
 */
export function functionCode(name: string): lambda.Code {
  return lambda.Code.fromAsset(FUNCTIONS_DIR, {
    // The hash of the bundle itself: unchanged code is not uploaded again, any change in src/ is.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('devenv-bundles-locally-without-docker'),
      // Part of the CDK's asset cache key: without it every function would get the first one's bundle.
      environment: { DEVENV_FUNCTION: name },
      local: {
        tryBundle(outputDir: string): boolean {
          bundleFunctionSync(name, outputDir);
          return true;
        },
      },
    },
  });
}
