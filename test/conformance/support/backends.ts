import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { AbsoluteLocation, InitializeHandlerOptions, InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { CallRecorder, createAwsClients, createAwsCloud, type AwsClients } from '../../../src/aws/index.js';
import { parseConfig, type DevenvConfig, type DevenvConfigInput } from '../../../src/core/config.js';
import { Engine } from '../../../src/core/engine.js';
import { attachSimulatedCloud } from '../../../src/local/attach.js';
import { ensureLockTable, SIMULATED_LOCK_TABLE } from '../../../src/local/dynamodb.js';
import { SimulatedCloud } from '../../../src/local/simulated-cloud.js';
import { BASELINE, baselineConfig, createBaseline, motoInfrastructure, simulatedInfrastructure, type BaselineIds, type PlainClients } from './baseline.js';
import { resetMoto } from './moto-server.js';

export type BackendName = 'moto' | 'simulated';
export const BACKENDS: readonly BackendName[] = ['moto', 'simulated'];

/** The moment every scenario starts at, on both backends. */
export const START = new Date('2026-11-25T10:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** moto ignores signatures, but the SDK signs every request: any credentials do. */
export const DUMMY_CREDENTIALS = { accessKeyId: 'conformance', secretAccessKey: 'conformance' } as const;

export type ConfigOverrides = Partial<DevenvConfigInput>;

/** Runs before each command an engine's clients send (`CreateRuleCommand`, …): lets a scenario act between two calls. */
export type BeforeSend = (command: string, input: Record<string, unknown>) => Promise<void>;

/** One cloud with the baseline in it, and engines on it that share a clock the scenario moves. */
export interface Backend {
  name: BackendName;
  /** Plain SDK clients: what the checks read the cloud with (never devenv's adapters). */
  sdk: PlainClients;
  ids: BaselineIds;
  now(): Date;
  advance(ms: number): void;
  config(overrides?: ConfigOverrides): DevenvConfig;
  /** A new engine on this cloud through the real AWS adapters: each one is what another Lambda instance would be. */
  engine(overrides?: ConfigOverrides, options?: { beforeSend?: BeforeSend }): Engine;
}

/**
 * A fresh backend with the baseline created in it: moto is reset (and its random ids seeded), the simulated cloud is new.
 * The simulated cloud runs deployments at once (`deploymentSeconds: 0`) and drains deleted services for 30 s, as AWS
 * documents; moto has neither (see known-differences.ts).
 */
export async function openBackend(name: BackendName, motoEndpoint: string | null): Promise<Backend> {
  let now = START;
  const clock = { now: () => now };
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const { sdk, ids, clientOptions, attach } = name === 'moto' ? await openMoto(motoEndpoint) : await openSimulated(clock.now);
  const config = (overrides: ConfigOverrides = {}) => parseConfig({ ...baselineConfig(ids), ...overrides });
  return {
    name,
    sdk,
    ids,
    now: clock.now,
    advance,
    config,
    engine: (overrides, { beforeSend } = {}) => {
      // The hook goes in first: the simulated cloud answers from the same step and never passes a command on.
      const clients = intercepted(createAwsClients(clientOptions), beforeSend);
      attach(clients);
      return engineOn(clients, config(overrides), clock);
    },
  };
}

/** A cloud with the baseline in it, and how devenv's own SDK clients reach it. */
interface OpenedCloud {
  sdk: PlainClients;
  ids: BaselineIds;
  clientOptions: Parameters<typeof createAwsClients>[0];
  attach(clients: AwsClients): void;
}

async function openMoto(motoEndpoint: string | null): Promise<OpenedCloud> {
  if (!motoEndpoint) throw new Error('moto is not running');
  await resetMoto(motoEndpoint);
  const sdk = motoClients(motoEndpoint);
  const ids = await createBaseline(sdk, motoInfrastructure(sdk, new EC2Client(motoClientConfig(motoEndpoint))));
  await createLockTable(new DynamoDBClient(motoClientConfig(motoEndpoint)));
  return { sdk, ids, clientOptions: { region: BASELINE.region, endpoint: motoEndpoint }, attach: () => undefined };
}

async function openSimulated(now: () => Date): Promise<OpenedCloud> {
  const cloud = new SimulatedCloud({ now, deploymentSeconds: 0, region: BASELINE.region });
  const sdk = simulatedClients(cloud);
  const ids = await createBaseline(sdk, simulatedInfrastructure(cloud));
  return {
    sdk,
    ids,
    clientOptions: { region: BASELINE.region },
    attach: (clients) => {
      attachSimulatedCloud(clients.ecs, cloud, 'ecs');
      attachSimulatedCloud(clients.elb, cloud, 'elbv2');
      attachSimulatedCloud(clients.route53, cloud, 'route53');
      attachSimulatedCloud(clients.dynamodb, cloud, 'dynamodb');
      ensureLockTable(cloud.dynamodb, LOCK_TABLE);
    },
  };
}

/** The table of the engines' shared locks, as the infra stack makes it. */
export const LOCK_TABLE = SIMULATED_LOCK_TABLE;

export async function createLockTable(dynamodb: DynamoDBClient, tableName: string = LOCK_TABLE): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

/**
 * A DynamoDB client on an empty lock table: moto's (reset first) or a fresh simulated cloud's, for the scenarios that
 * exercise the lock table's adapters alone.
 */
export async function openLockTable(backend: BackendName, motoEndpoint: string | null): Promise<DynamoDBClient> {
  let client: DynamoDBClient;
  if (backend === 'moto') {
    await resetMoto(motoEndpoint!);
    client = new DynamoDBClient(motoClientConfig(motoEndpoint!));
  } else {
    client = new DynamoDBClient({ region: BASELINE.region, credentials: DUMMY_CREDENTIALS });
    attachSimulatedCloud(client, new SimulatedCloud({ region: BASELINE.region }), 'dynamodb');
  }
  await createLockTable(client);
  return client;
}

export function motoClientConfig(endpoint: string) {
  return { region: BASELINE.region, endpoint, credentials: DUMMY_CREDENTIALS };
}

export function motoClients(endpoint: string): PlainClients {
  const config = motoClientConfig(endpoint);
  return { ecs: new ECSClient(config), elb: new ElasticLoadBalancingV2Client(config), route53: new Route53Client(config) };
}

function simulatedClients(cloud: SimulatedCloud): PlainClients {
  const config = { region: BASELINE.region, credentials: DUMMY_CREDENTIALS };
  const sdk = { ecs: new ECSClient(config), elb: new ElasticLoadBalancingV2Client(config), route53: new Route53Client(config) };
  attachSimulatedCloud(sdk.ecs, cloud, 'ecs');
  attachSimulatedCloud(sdk.elb, cloud, 'elbv2');
  attachSimulatedCloud(sdk.route53, cloud, 'route53');
  return sdk;
}

function intercepted(clients: AwsClients, beforeSend: BeforeSend | undefined): AwsClients {
  if (beforeSend) for (const client of [clients.ecs, clients.elb, clients.route53]) addBeforeSend(client, beforeSend);
  return clients;
}

/** The part of an SDK v3 client this needs (the three clients' stacks have different types). */
interface ClientWithStack {
  middlewareStack: { add(middleware: InitializeMiddleware<object, MetadataBearer>, options: InitializeHandlerOptions & AbsoluteLocation & { name: string }): void };
}

function addBeforeSend(client: ClientWithStack, beforeSend: BeforeSend): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      await beforeSend(context.commandName ?? '', args.input as Record<string, unknown>);
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'conformanceBeforeSend' },
  );
}

function engineOn(clients: AwsClients, config: DevenvConfig, clock: { now: () => Date }): Engine {
  const cloud = createAwsCloud(
    clients,
    { cluster: config.cluster, hostedZoneId: config.hostedZoneId, lockTable: LOCK_TABLE, retry: { sleep: async () => undefined } },
    new CallRecorder(),
  );
  return new Engine({ config, cloud, clock });
}
