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

export class SimulatedNetwork {
  private readonly vpcs = new Map<string, { vpcId: string; cidrBlock: string }>();
  private readonly subnets = new Map<string, SubnetRecord>();
  private readonly securityGroups = new Map<string, { groupId: string; vpcId: string; groupName: string }>();
  private readonly instances = new Map<string, InstanceRecord>();
  /** Next host number handed out per subnet (.0–.3 and the broadcast address are reserved, as in AWS). */
  private readonly nextHost = new Map<string, number>();

  constructor(private readonly ids: IdGenerator) {}

  createVpc(cidrBlock: string): string {
    const vpcId = `vpc-${this.ids.hex(17)}`;
    this.vpcs.set(vpcId, { vpcId, cidrBlock });
    return vpcId;
  }

  /** Only /24 subnets are modelled; that is plenty of addresses for a dev cluster. */
  createSubnet(vpcId: string, cidrBlock: string, availabilityZone: string): string {
    if (!this.vpcs.has(vpcId)) throw new Error(`SimulatedNetwork: unknown VPC ${vpcId}`);
    if (!/^\d+\.\d+\.\d+\.0\/24$/.test(cidrBlock)) throw new Error(`SimulatedNetwork: only /24 subnets are modelled, got ${cidrBlock}`);
    const subnetId = `subnet-${this.ids.hex(17)}`;
    this.subnets.set(subnetId, { subnetId, vpcId, cidrBlock, availabilityZone });
    this.nextHost.set(subnetId, 10);
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

  /** A fresh private IPv4 address in the subnet (addresses are never reused, which keeps targets distinct). */
  allocateIp(subnetId: string): string {
    const subnet = this.requireSubnet(subnetId);
    const host = this.nextHost.get(subnetId) ?? 10;
    if (host > 254) throw new Error(`SimulatedNetwork: subnet ${subnetId} is out of addresses`);
    this.nextHost.set(subnetId, host + 1);
    const prefix = subnet.cidrBlock.split('.').slice(0, 3).join('.');
    return `${prefix}.${host}`;
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
