import { awsError, isSimulatedAwsError, THROTTLING_ERROR_NAME, type AwsServiceName } from './aws-error.js';
import { SimulatedDynamoDb, type DynamoDbSnapshot } from './dynamodb.js';
import { SimulatedEcs, type EcsSnapshot } from './ecs.js';
import { DEFAULT_ELBV2_LIMITS, type Elbv2Limits } from './elbv2-model.js';
import { SimulatedElbv2, type Elbv2Snapshot } from './elbv2.js';
import { FaultInjector, operationName } from './faults.js';
import { IdGenerator } from './ids.js';
import { copy } from './json.js';
import { SimulatedNetwork, type NetworkSnapshot } from './network.js';
import { RateModel } from './rate-model.js';
import { SimulatedRoute53, type Route53Snapshot } from './route53.js';

export interface SimulatedCloudOptions {
  /** The clock every time-driven behaviour reads, lazily on each call (default: the real clock). */
  now?: () => Date;
  region?: string;
  accountId?: string;
  /** How long a new ECS deployment takes before its tasks run (default 5; 0 completes on the next call). */
  deploymentSeconds?: number;
  /** How long a deleted ECS service stays DRAINING before it is INACTIVE (default 30). */
  drainingSeconds?: number;
  /** ELBv2 quotas, lowered in tests to reach them quickly (also what DescribeAccountLimits reports). */
  limits?: Partial<Elbv2Limits>;
  /**
   * Throttle calls by AWS's documented per-account token buckets, on this cloud's clock (default off). Seeding and
   * `invoke` are never throttled.
   */
  rateModel?: boolean;
}

/**
 * A deep, JSON-serialisable copy of all simulated state. Tags appear as `tags` maps; the rest is AWS-shaped.
 * It holds no "taken at" time, so two snapshots of unchanged state are equal even after the clock has moved.
 */
export interface CloudSnapshot {
  region: string;
  accountId: string;
  network: NetworkSnapshot;
  ecs: EcsSnapshot;
  elbv2: Elbv2Snapshot;
  route53: Route53Snapshot;
  dynamodb: DynamoDbSnapshot;
}

const DEFAULT_PULL_FAILURE = (image: string): string =>
  `pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: not found`;

/**
 * A stateful, in-memory ECS + ELBv2 + Route 53 + DynamoDB that answers the same SDK v3 commands as AWS.
 *
 * @example
 * const cloud = new SimulatedCloud({ now: () => clock, deploymentSeconds: 0 });
 * const ecs = new ECSClient({ region: 'us-east-1' });
 * attachSimulatedCloud(ecs, cloud, 'ecs');
 */
export class SimulatedCloud {
  readonly region: string;
  readonly accountId: string;
  readonly faults = new FaultInjector();
  readonly network: SimulatedNetwork;
  readonly ecs: SimulatedEcs;
  readonly elbv2: SimulatedElbv2;
  readonly route53: SimulatedRoute53;
  readonly dynamodb: SimulatedDynamoDb;
  /** AWS's API rate limits, when the cloud was built with `rateModel: true`. */
  readonly rates: RateModel | undefined;
  private readonly ids = new IdGenerator();
  private readonly clock: () => Date;
  private readonly failedImages = new Map<string, string>();

  constructor(options: SimulatedCloudOptions = {}) {
    const { now = () => new Date(), region = 'us-east-1', accountId = '123456789012', deploymentSeconds = 5, drainingSeconds = 30, limits = {}, rateModel = false } = options;
    if (!(deploymentSeconds >= 0) || !(drainingSeconds >= 0)) throw new Error('SimulatedCloud: deploymentSeconds and drainingSeconds must be >= 0');
    this.clock = now;
    this.rates = rateModel ? new RateModel(() => this.clock().getTime()) : undefined;
    this.region = region;
    this.accountId = accountId;
    const account = { region, accountId };
    const clock = () => this.now();
    this.network = new SimulatedNetwork(this.ids);
    this.elbv2 = new SimulatedElbv2({ account, ids: this.ids, now: clock, limits: { ...DEFAULT_ELBV2_LIMITS, ...limits }, network: this.network });
    this.ecs = new SimulatedEcs({
      account,
      ids: this.ids,
      now: clock,
      network: this.network,
      targetGroups: this.elbv2,
      deploymentSeconds,
      drainingSeconds,
      failedImages: this.failedImages,
    });
    this.route53 = new SimulatedRoute53({
      ids: this.ids,
      now: clock,
      externalAliasTarget: (hostedZoneId, dnsName) => this.elbv2.hasAliasTarget(hostedZoneId, dnsName),
    });
    this.dynamodb = new SimulatedDynamoDb({ account, now: clock });
  }

  now(): Date {
    return new Date(this.clock().getTime());
  }

  /**
   * Answers one SDK command: records it, throttles it if the rate model says so, applies injected faults, brings
   * clock-driven state up to date, runs it.
   * `commandName` is what the SDK puts in `context.commandName` (`CreateServiceCommand`); the bare name works too.
   */
  async handle(service: AwsServiceName, commandName: string, input: unknown): Promise<unknown> {
    const command = operationName(commandName);
    this.faults.record(service, command, input);
    const requestId = this.ids.uuid();
    try {
      await this.faults.heldBack(service, command, input);
      if (this.rates && !this.rates.admit(service, command, input)) throw awsError(THROTTLING_ERROR_NAME[service], 'Rate exceeded');
      const fault = this.faults.take(service, command, input);
      if (fault && !fault.afterRunning) throw fault.error;
      const output = copy(this.invoke(service, command, input));
      if (fault?.retried) {
        // The answer was lost and the SDK sent the same request again: the caller gets the answer to that second one.
        this.faults.record(service, command, input);
        return copy(this.invoke(service, command, input));
      }
      if (fault) throw fault.error;
      return output;
    } catch (error) {
      if (isSimulatedAwsError(error)) error.$metadata.requestId = requestId;
      throw error;
    }
  }

  /** Runs a command synchronously without recording it or applying faults (seeding and test setup). */
  invoke(service: AwsServiceName, command: string, input: unknown): unknown {
    this.tick();
    const name = operationName(command);
    switch (service) {
      case 'ecs':
        return this.ecs.handle(name, input);
      case 'elbv2':
        return this.elbv2.handle(name, input);
      case 'route53':
        return this.route53.handle(name, input);
      case 'dynamodb':
        return this.dynamodb.handle(name, input);
      default:
        throw new Error(`SimulatedCloud: unknown service '${String(service)}'`);
    }
  }

  /** Brings deployments, draining services and targets up to date with the clock (every call does this). */
  tick(): void {
    this.ecs.tick();
    this.elbv2.tick(this.now());
  }

  /** A fresh request id, for responses. */
  nextRequestId(): string {
    return this.ids.uuid();
  }

  /** Deployments whose task definition uses `image` fail to start their tasks from now on. */
  failImage(image: string, reason: string = DEFAULT_PULL_FAILURE(image)): void {
    this.failedImages.set(image, reason);
  }

  snapshot(): CloudSnapshot {
    this.tick();
    return {
      region: this.region,
      accountId: this.accountId,
      network: this.network.snapshot(),
      ecs: this.ecs.snapshot(),
      elbv2: this.elbv2.snapshot(),
      route53: this.route53.snapshot(),
      dynamodb: this.dynamodb.snapshot(),
    };
  }
}
