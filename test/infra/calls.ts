import { createAwsClients, createAwsCloud, CallRecorder } from '../../src/aws/index.js';
import type { DevenvConfig } from '../../src/core/config.js';
import { Engine } from '../../src/core/engine.js';
import type { CloudCall } from '../../src/core/ports.js';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import { ensureLockTable, SIMULATED_LOCK_TABLE } from '../../src/local/dynamodb.js';
import { createSeededCloud } from '../../src/local/seed.js';
import { seededConfig } from '../../src/runtime/engine.js';

/** The SDK client names the call recorder uses → IAM service prefixes. */
const IAM_PREFIX: Readonly<Record<string, string>> = { ecs: 'ecs', elbv2: 'elasticloadbalancing', route53: 'route53', dynamodb: 'dynamodb' };

export function iamActionOf(call: Pick<CloudCall, 'service' | 'command'>): string {
  return `${IAM_PREFIX[call.service] ?? call.service}:${call.command}`;
}

/** A call with its input, as IAM sees it: what conditions such as `aws:RequestTag` are evaluated against. */
export interface CallWithInput {
  action: string;
  input: any;
}

type Phase = 'api' | 'sweep' | undefined;

/** Records every command's input, tagged with the phase running when it was sent. */
function captureInputs(client: { middlewareStack: any }, service: string, phase: () => Phase, into: Map<'api' | 'sweep', CallWithInput[]>): void {
  client.middlewareStack.add(
    (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      const current = phase();
      if (current) into.get(current)!.push({ action: iamActionOf({ service, command: (context.commandName ?? '').replace(/Command$/, '') }), input: args.input });
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'devenvTestInputs' },
  );
}

const HOUR = 3_600_000;

/**
 * Drives the engine through what each function does, on the simulated cloud behind the real AWS adapters, and returns
 * the AWS actions each one called: the API (create, a second create that updates, get, list, extend, destroy) and the
 * sweep (an expired environment and the leftovers of a crashed create).
 */
export async function actionsCalled(): Promise<{ api: Set<string>; sweep: Set<string>; inputs: Map<'api' | 'sweep', CallWithInput[]>; config: DevenvConfig }> {
  let now = new Date('2026-11-25T10:00:00.000Z');
  const { cloud, seed } = createSeededCloud({ deploymentSeconds: 0, now: () => now });
  const config = seededConfig(seed);
  const clients = createAwsClients({ region: seed.region });
  let phase: Phase;
  const inputs = new Map<'api' | 'sweep', CallWithInput[]>([['api', []], ['sweep', []]]);
  // Before the simulated cloud, which answers without calling further in.
  captureInputs(clients.ecs, 'ecs', () => phase, inputs);
  captureInputs(clients.elb, 'elbv2', () => phase, inputs);
  captureInputs(clients.route53, 'route53', () => phase, inputs);
  attachSimulatedCloud(clients.ecs, cloud, 'ecs');
  attachSimulatedCloud(clients.elb, cloud, 'elbv2');
  attachSimulatedCloud(clients.route53, cloud, 'route53');
  attachSimulatedCloud(clients.dynamodb, cloud, 'dynamodb');
  ensureLockTable(cloud.dynamodb, SIMULATED_LOCK_TABLE);
  const recorder = new CallRecorder();
  const engine = new Engine({
    config,
    cloud: createAwsCloud(clients, { cluster: config.cluster, hostedZoneId: config.hostedZoneId, lockTable: SIMULATED_LOCK_TABLE, retry: { sleep: async () => undefined } }, recorder),
    clock: { now: () => now },
  });
  const owner = 'alice';

  phase = 'api';
  const api = await recorder.capture(async () => {
    await engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-1' } });
    await engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-2' } });
    await engine.get('pr-1');
    await engine.list();
    await engine.extend('pr-1', '24h');
    await engine.destroy('pr-1');
  });
  phase = undefined;

  await engine.create({ name: 'pr-2', app: 'web', owner, ttl: '1h', images: { web: 'repo/web:sha-3' } });
  cloud.faults.inject({ command: 'CreateService', error: { name: 'InternalFailure', message: 'injected' } });
  for (const command of ['DeleteRule', 'DeleteTargetGroup', 'DeregisterTaskDefinition', 'ChangeResourceRecordSets']) {
    cloud.faults.inject({ command, error: { name: 'InternalFailure', message: 'injected' }, times: Infinity });
  }
  await engine.create({ name: 'pr-3', app: 'web', owner, images: { web: 'repo/web:x' } }).catch(() => undefined);
  cloud.faults.clear();
  now = new Date(now.getTime() + 2 * HOUR);

  phase = 'sweep';
  // The recount loses to a create or destroy that changed the counts meanwhile: the sweep gives back what it removed.
  cloud.faults.inject({
    command: 'PutItem',
    service: 'dynamodb',
    error: { name: 'ConditionalCheckFailedException', message: 'The conditional request failed' },
    when: (input: { Item?: { pk?: { S?: string } } }) => input.Item?.pk?.S?.startsWith('quota#') === true,
  });
  const sweep = await recorder.capture(() => engine.sweep());
  phase = undefined;
  if (sweep.value.failures.length > 0 || sweep.value.removed.length === 0) {
    throw new Error(`the sweep scenario did not sweep cleanly: ${JSON.stringify(sweep.value)}`);
  }
  return { api: new Set(api.calls.map(iamActionOf)), sweep: new Set(sweep.calls.map(iamActionOf)), inputs, config };
}
