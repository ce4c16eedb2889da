import type { IdGenerator } from './ids.js';

/** The slice of EC2 the other services lean on: VPCs, subnets, security groups, instances and private IPs. */

export interface SubnetRecord {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
}

export interface InstanceRecord {
  instanceId: string;
  subnetId: string;
  availabilityZone: string;
  privateIp: string;
}

export interface NetworkSnapshot {
  vpcs: Array<{ vpcId: string; cidrBlock: string }>;
  subnets: SubnetRecord[];
  securityGroups: Array<{ groupId: string; vpcId: string; groupName: string }>;
  instances: InstanceRecord[];
}

/**
 * A subnet's private addresses as host numbers (offsets from the network address). AWS reserves the first four and
 * the last one; devenv's simulation starts handing out at .10, as the seed's instances and baselines always did.
 */
interface AddressPool {
  network: number;
  /** Host numbers never handed out start here. */
  next: number;
  last: number;
  /** Released host numbers, oldest first: reused only once every fresh one is gone, so targets stay distinct longest. */
  released: Set<number>;
}

const FIRST_HOST = 10;
const MIN_PREFIX = 16;
const MAX_PREFIX = 27;

function toNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function toAddress(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Thrown when a subnet has no free private address left. */
export class SubnetFullError extends Error {
  constructor(readonly subnetId: string) {
    super(`SimulatedNetwork: subnet ${subnetId} is out of addresses`);
    this.name = 'SubnetFullError';
  }
}

export class SimulatedNetwork {
  private readonly vpcs = new Map<string, { vpcId: string; cidrBlock: string }>();
  private readonly subnets = new Map<string, SubnetRecord>();
  private readonly securityGroups = new Map<string, { groupId: string; vpcId: string; groupName: string }>();
  private readonly instances = new Map<string, InstanceRecord>();
  private readonly pools = new Map<string, AddressPool>();
  /** Address in use → its subnet. */
  private readonly inUse = new Map<string, string>();

  constructor(private readonly ids: IdGenerator) {}

  createVpc(cidrBlock: string): string {
    const vpcId = `vpc-${this.ids.hex(17)}`;
    this.vpcs.set(vpcId, { vpcId, cidrBlock });
    return vpcId;
  }

  /** IPv4 subnets from /16 to /27, given by their network address (`10.0.1.0/24`). */
  createSubnet(vpcId: string, cidrBlock: string, availabilityZone: string): string {
    if (!this.vpcs.has(vpcId)) throw new Error(`SimulatedNetwork: unknown VPC ${vpcId}`);
    const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidrBlock);
    const prefix = Number(match?.[2]);
    const network = match ? toNumber(match[1]!) : Number.NaN;
    const size = 2 ** (32 - prefix);
    if (!match || !(prefix >= MIN_PREFIX && prefix <= MAX_PREFIX) || network % size !== 0) {
      throw new Error(`SimulatedNetwork: subnets from /${MIN_PREFIX} to /${MAX_PREFIX} given by their network address are modelled, got ${cidrBlock}`);
    }
    const subnetId = `subnet-${this.ids.hex(17)}`;
    this.subnets.set(subnetId, { subnetId, vpcId, cidrBlock, availabilityZone });
    this.pools.set(subnetId, { network, next: FIRST_HOST, last: size - 2, released: new Set() });
    return subnetId;
  }

  createSecurityGroup(vpcId: string, groupName: string): string {
    const groupId = `sg-${this.ids.hex(17)}`;
    this.securityGroups.set(groupId, { groupId, vpcId, groupName });
    return groupId;
  }

  launchInstance(subnetId: string): InstanceRecord {
    const subnet = this.requireSubnet(subnetId);
    const instance: InstanceRecord = {
      instanceId: `i-${this.ids.hex(17)}`,
      subnetId,
      availabilityZone: subnet.availabilityZone,
      privateIp: this.allocateIp(subnetId),
    };
    this.instances.set(instance.instanceId, instance);
    return instance;
  }

  subnet(subnetId: string): SubnetRecord | undefined {
    return this.subnets.get(subnetId);
  }

  hasSecurityGroup(groupId: string): boolean {
    return this.securityGroups.has(groupId);
  }

  instance(instanceId: string): InstanceRecord | undefined {
    return this.instances.get(instanceId);
  }

  /**
   * A free private IPv4 address in the subnet: a never-used one while any is left, else the one released longest ago.
   * Throws SubnetFullError when every address is in use.
   */
  allocateIp(subnetId: string): string {
    this.requireSubnet(subnetId);
    const pool = this.pools.get(subnetId)!;
    let host: number;
    if (pool.next <= pool.last) {
      host = pool.next;
      pool.next += 1;
    } else {
      const oldest = pool.released.values().next();
      if (oldest.done) throw new SubnetFullError(subnetId);
      host = oldest.value;
      pool.released.delete(host);
    }
    const ip = toAddress(pool.network + host);
    this.inUse.set(ip, subnetId);
    return ip;
  }

  /** Gives an address back to its subnet (a task's network interface was deleted). Unknown addresses are ignored. */
  releaseIp(ip: string): void {
    const subnetId = this.inUse.get(ip);
    if (!subnetId) return;
    this.inUse.delete(ip);
    const pool = this.pools.get(subnetId)!;
    pool.released.add(toNumber(ip) - pool.network);
  }

  /** How many addresses the subnet can still hand out (0 for an unknown subnet). */
  freeAddresses(subnetId: string): number {
    const pool = this.pools.get(subnetId);
    return pool ? pool.last - pool.next + 1 + pool.released.size : 0;
  }

  snapshot(): NetworkSnapshot {
    return {
      vpcs: [...this.vpcs.values()].map((v) => ({ ...v })),
      subnets: [...this.subnets.values()].map((s) => ({ ...s })),
      securityGroups: [...this.securityGroups.values()].map((g) => ({ ...g })),
      instances: [...this.instances.values()].map((i) => ({ ...i })),
    };
  }

  private requireSubnet(subnetId: string): SubnetRecord {
    const subnet = this.subnets.get(subnetId);
    if (!subnet) throw new Error(`SimulatedNetwork: unknown subnet ${subnetId}`);
    return subnet;
  }
}
