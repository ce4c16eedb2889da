import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createMotoBaseline } from '../../scripts/moto-baseline.js';
import { buildEngineFromEnvironment } from '../../src/runtime/engine.js';
import { motoClients } from './support/backends.js';
import { BASELINE } from './support/baseline.js';

/** docs/conformance.md tells people to run devenv on moto like this; these tests hold it to what it says. */

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../examples/moto-config.json', import.meta.url));
const endpoint = inject('motoEndpoint') ?? null;

describe.skipIf(!endpoint)('Using moto as a local AWS', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('scripts/moto-baseline.ts makes exactly what examples/moto-config.json names', async () => {
    // Act
    const config = await createMotoBaseline({ endpoint: endpoint!, reset: true });

    // Assess
    expect(config).toEqual(JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')));
  });

  it('runs the engine that `npm start` builds against moto through AWS_ENDPOINT_URL, DEVENV_CONFIG_FILE and DEVENV_LOCK_TABLE', async () => {
    // Prepare: the baseline, and the environment the docs show (credentials are the suite's dummy ones)
    await createMotoBaseline({ endpoint: endpoint!, reset: true });
    vi.stubEnv('AWS_ENDPOINT_URL', endpoint!);
    vi.stubEnv('DEVENV_CONFIG_FILE', EXAMPLE_CONFIG);
    vi.stubEnv('DEVENV_LOCK_TABLE', 'devenv-locks');

    // Act
    const { engine, mode } = await buildEngineFromEnvironment(process.env);
    const { environment } = await engine.create({ name: 'pr-20', app: 'web', owner: 'local-admin' });

    // Assess: the service is in moto, as plain SDK calls see it
    expect(mode).toBe('aws');
    expect(environment.url).toBe('http://pr-20.dev.example.com');
    const { services = [] } = await motoClients(endpoint!).ecs.send(
      new DescribeServicesCommand({ cluster: BASELINE.cluster, services: [environment.service.name], include: ['TAGS'] }),
    );
    expect(services.map((service) => [service.serviceName, service.status])).toEqual([['devenv-pr-20', 'ACTIVE']]);
    expect((await engine.destroy('pr-20')).found).toBe(true);
  });
});
