/**
 * Creates devenv's conformance baseline in a running moto (or another local AWS) and prints the devenv configuration
 * that points at it, so devenv can run against it:
 *
 *   moto_server -H 127.0.0.1 -p 5000 &
 *   npx tsx scripts/moto-baseline.ts --endpoint http://127.0.0.1:5000 > /tmp/devenv-moto.json
 *   AWS_ENDPOINT_URL=http://127.0.0.1:5000 DEVENV_CONFIG_FILE=/tmp/devenv-moto.json DEVENV_LOCK_TABLE=devenv-locks … npm start
 *
 * moto's random ids are seeded first, so on a fresh moto_server (or with --reset) the configuration printed is exactly
 * examples/moto-config.json. Only dummy credentials are ever sent. See docs/conformance.md.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DevenvConfigInput } from '../src/core/config.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createLockTable, motoClientConfig, motoClients } from '../test/conformance/support/backends.js';
import { baselineConfig, createBaseline, motoInfrastructure } from '../test/conformance/support/baseline.js';
import { MOTO_SEED, resetMoto, seedMoto, waitUntilAnswering } from '../test/conformance/support/moto-server.js';

const USAGE = `usage: npx tsx scripts/moto-baseline.ts [--endpoint URL] [--reset]

  --endpoint URL  the local AWS to create the baseline in (default: $AWS_ENDPOINT_URL, else http://127.0.0.1:5000)
  --reset         forget everything moto holds first (moto only; needed when the baseline exists already)

Prints the devenv configuration (JSON) for DEVENV_CONFIG_FILE on stdout.`;

/**
 * Creates the baseline at `endpoint` and returns the devenv configuration for it.
 *
 * @example
 * const config = await createMotoBaseline({ endpoint: 'http://127.0.0.1:5000', reset: true });
 */
export async function createMotoBaseline({
  endpoint,
  reset = false,
  waitMs = 60_000,
  warn = () => undefined,
}: {
  endpoint: string;
  reset?: boolean;
  /** How long to wait for `endpoint` to answer at all. */
  waitMs?: number;
  warn?: (line: string) => void;
}): Promise<DevenvConfigInput> {
  // Generous: a moto started a moment ago (`moto_server … &`) on a loaded machine can take many seconds to answer.
  await waitUntilAnswering(endpoint, waitMs).catch((error: unknown) => {
    throw new Error(`nothing answers on ${endpoint} within ${waitMs / 1000} s: start moto first (moto_server -H 127.0.0.1 -p 5000)`, { cause: error });
  });
  if (reset) {
    await resetMoto(endpoint);
  } else {
    await seedMoto(endpoint, MOTO_SEED).catch(() => warn(`${endpoint} is not moto (no /moto-api): its ids will not be those of examples/moto-config.json`));
  }
  const clients = motoClients(endpoint);
  const ids = await createBaseline(clients, motoInfrastructure(clients, new EC2Client(motoClientConfig(endpoint)))).catch((error: unknown) => {
    throw new Error(`could not create the baseline in ${endpoint} (does it exist already? then add --reset): ${(error as Error).message}`, { cause: error });
  });
  // The shared locks' table, for DEVENV_LOCK_TABLE=devenv-locks.
  await createLockTable(new DynamoDBClient(motoClientConfig(endpoint)));
  return baselineConfig(ids);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { endpoint: { type: 'string' }, reset: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const endpoint = (values.endpoint ?? process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5000').replace(/\/$/, '');
  const config = await createMotoBaseline({ endpoint, reset: values.reset, warn: (line) => process.stderr.write(`moto-baseline: ${line}\n`) });
  process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main().catch((error: unknown) => {
    process.stderr.write(`moto-baseline: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
