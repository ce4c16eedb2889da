import { describe, expect, it } from 'vitest';
import { quoteTxt } from '../../../src/aws/route53-text.js';
import { installationIdentity } from '../../../src/core/installation.js';
import { formatOwnershipRecord, ownershipTags } from '../../../src/core/tags.js';
import { addInstallation } from '../../support/installations.js';
import { HOUR, MINUTE, START, simulated } from '../../support/simulated.js';

const owner = 'github:acme/web@octocat';
type World = ReturnType<typeof simulated>;

const elbTags = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const ownership = (instance: string, environment: string) => ({ instance, environment, app: 'web', createdAt: START.toISOString() });

/** A target group made outside devenv, with these tags; returns its name. */
function targetGroup(world: World, name: string, tags: Record<string, string>): string {
  world.cloud.invoke('elbv2', 'CreateTargetGroup', { Name: name, Protocol: 'HTTP', Port: 8080, VpcId: world.seed.vpcId, TargetType: 'ip', Tags: elbTags(tags) });
  return name;
}

/** A host rule made outside devenv on `listenerArn`, forwarding to the baseline's target group, with these tags. */
function rule(world: World, listenerArn: string, priority: number, host: string, tags: Record<string, string>): void {
  world.cloud.invoke('elbv2', 'CreateRule', {
    ListenerArn: listenerArn,
    Priority: priority,
    Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [host] } }],
    Actions: [{ Type: 'forward', TargetGroupArn: world.seed.apps.web.targetGroupArn }],
    Tags: elbTags(tags),
  });
}

/** A TXT ownership record (devenv's format) made outside devenv at `host`. */
function ownershipRecord(world: World, host: string, owned: ReturnType<typeof ownership>): void {
  world.cloud.invoke('route53', 'ChangeResourceRecordSets', {
    HostedZoneId: world.seed.hostedZoneId,
    ChangeBatch: {
      Changes: [
        {
          Action: 'CREATE',
          ResourceRecordSet: { Name: host, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: quoteTxt(formatOwnershipRecord({ ...owned, claim: 'c-1' })) }] },
        },
      ],
    },
  });
}

describe('Class: Engine — scoped to its installation', () => {
  describe('Method: sweep and destroy — listener rules', () => {
    it('leaves rules on another listener alone, even when they carry its own tags', async () => {
      // Prepare: a second listener on the same load balancer, with a rule tagged exactly like one of ours for pr-1 and
      // for the orphan pr-8; the same orphan on our listener is the control
      const world = simulated();
      const { installation } = world.config;
      const other = world.cloud.elbv2.createListener({
        loadBalancerArn: world.seed.loadBalancerArn,
        port: 80,
        protocol: 'HTTP',
        defaultActions: [{ Type: 'forward', TargetGroupArn: world.seed.apps.web.targetGroupArn }],
      });
      await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h' });
      rule(world, other.arn, 5, 'pr-1.dev.example.com', ownershipTags(ownership(installation, 'pr-1')));
      rule(world, other.arn, 6, 'pr-8.dev.example.com', ownershipTags(ownership(installation, 'pr-8')));
      rule(world, world.seed.listenerArn, 6, 'pr-8.dev.example.com', ownershipTags(ownership(installation, 'pr-8')));
      const rulesOf = (listenerArn: string) =>
        (world.cloud.invoke('elbv2', 'DescribeRules', { ListenerArn: listenerArn }) as { Rules: Array<{ Priority: string }> }).Rules.map((each) => each.Priority).sort();
      const otherRules = rulesOf(other.arn);

      // Act
      await world.engine.destroy('pr-1');
      world.advance(2 * HOUR);
      const report = await world.engine.sweep();

      // Assess: our listener's orphan went, the other listener kept both rules
      expect(report.orphans).toEqual([{ kind: 'listener-rule', id: expect.stringContaining(world.seed.listenerArn.split('/').slice(1).join('/')) }]);
      expect(rulesOf(other.arn)).toEqual(otherRules);
      expect(otherRules).toEqual(['5', '6', 'default']);
      expect(rulesOf(world.seed.listenerArn)).not.toContain('6');
    });
  });

  describe('Method: sweep — target groups', () => {
    it('collects only target groups tagged with its own identity', async () => {
      // Prepare: three leftovers for pr-3 with devenv's name prefix: tagged with the bare default label (what every
      // installation wrote before identities were derived), with another installation's identity, and with ours
      const world = simulated();
      const another = installationIdentity({ ...world.config, cluster: 'qa' });
      const label = targetGroup(world, 'dv-pr-3-label', ownershipTags(ownership('devenv', 'pr-3')));
      const foreign = targetGroup(world, 'dv-pr-3-another', ownershipTags(ownership(another, 'pr-3')));
      const ours = targetGroup(world, 'dv-pr-3-ours', ownershipTags(ownership(world.config.installation, 'pr-3')));
      world.advance(2 * HOUR);

      // Act
      const report = await world.engine.sweep();

      // Assess
      expect(report.orphans).toEqual([{ kind: 'target-group', id: ours }]);
      expect((await world.inspect()).targetGroups).toEqual(expect.arrayContaining([label, foreign]));
      expect((await world.inspect()).targetGroups).not.toContain(ours);
    });
  });

  describe('Method: sweep and destroy — DNS records', () => {
    it('leaves records outside <name>.<baseDomain> alone, even with its own ownership record', async () => {
      // Prepare: copies of our ownership record one level deeper and at the apex (which holds the baseline's alias), and
      // the control at pr-6.dev.example.com
      const world = simulated();
      const { installation } = world.config;
      ownershipRecord(world, 'pr-4.qa.dev.example.com', ownership(installation, 'pr-4'));
      ownershipRecord(world, 'dev.example.com', ownership(installation, 'pr-4'));
      ownershipRecord(world, 'pr-6.dev.example.com', ownership(installation, 'pr-6'));
      world.advance(2 * HOUR);

      // Act
      const destroyed = await world.engine.destroy('pr-4');
      const report = await world.engine.sweep();

      // Assess
      expect(destroyed).toMatchObject({ found: false, removed: [] });
      expect(report.orphans).toEqual([{ kind: 'dns-records', id: 'pr-6.dev.example.com' }]);
      const { records } = await world.inspect();
      expect(records).toEqual(expect.arrayContaining(['dev.example.com A', 'dev.example.com TXT', 'pr-4.qa.dev.example.com TXT']));
      expect(records).not.toContain('pr-6.dev.example.com TXT');
    });

    it('leaves records with another installation’s ownership record alone, and looks only under its base domain', async () => {
      // Prepare: a second installation under qa.dev.example.com in the same cluster; the first one's environment pr-1 and
      // a copy of its ownership at pr-2.qa.dev.example.com; the second one's own record outside its domain (pr-5.dev…)
      const world = simulated();
      const qa = addInstallation(world, { cluster: 'dev', baseDomain: 'qa.dev.example.com' });
      await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h' });
      ownershipRecord(world, 'pr-2.qa.dev.example.com', ownership(world.config.installation, 'pr-2'));
      ownershipRecord(world, 'pr-5.dev.example.com', ownership(qa.config.installation, 'pr-5'));
      ownershipRecord(world, 'pr-7.qa.dev.example.com', ownership(qa.config.installation, 'pr-7'));
      const before = (await world.inspect()).records;
      world.advance(2 * HOUR);

      // Act
      const refused = await qa.engine.destroy('pr-1').catch((caught: unknown) => caught);
      const destroyed = await Promise.all(['pr-2', 'pr-5'].map((name) => qa.engine.destroy(name)));
      const report = await qa.engine.sweep();

      // Assess: the qa installation removed only its own record under its own domain; the first one's service holds
      // pr-1's name, so a DELETE answers what a GET does (issue 11.1)
      expect(refused).toMatchObject({ code: 'conflict', context: { envName: 'pr-1' } });
      await expect(qa.engine.get('pr-1')).rejects.toMatchObject({ code: 'conflict', message: (refused as Error).message });
      expect(destroyed.map((result) => result.found)).toEqual([false, false]);
      expect(report.orphans).toEqual([{ kind: 'dns-records', id: 'pr-7.qa.dev.example.com' }]);
      expect((await world.inspect()).records).toEqual(before.filter((record) => record !== 'pr-7.qa.dev.example.com TXT'));
      expect(report.calls.filter((call) => call.command === 'ListResourceRecordSets')).toHaveLength(1);
    });
  });

  describe('Method: sweep — a service without devenv:expires-at', () => {
    async function halfMade(world: World): Promise<void> {
      await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h', images: { web: 'repo/web:1' } });
      const { services } = world.cloud.invoke('ecs', 'DescribeServices', { cluster: 'dev', services: ['devenv-pr-1'] }) as { services: Array<{ serviceArn: string }> };
      world.cloud.invoke('ecs', 'UntagResource', { resourceArn: services[0]!.serviceArn, tagKeys: ['devenv:expires-at'] });
    }

    it('leaves it alone while it is younger than the grace period', async () => {
      // Prepare
      const world = simulated();
      await halfMade(world);
      const before = await world.inspect();

      // Act
      world.advance(5 * MINUTE);
      const report = await world.engine.sweep();

      // Assess
      expect(report).toMatchObject({ expired: [], orphans: [], removed: [] });
      expect(await world.inspect()).toEqual(before);
    });

    it('collects it with everything of its environment as an orphan once older than the grace period', async () => {
      // Prepare
      const world = simulated();
      const baseline = await world.inspect();
      await halfMade(world);

      // Act
      world.advance(20 * MINUTE);
      const report = await world.engine.sweep();

      // Assess: reported as orphans, never as expired; nothing of it is left
      expect(report.expired).toEqual([]);
      expect(report.failures).toEqual([]);
      expect(report.orphans.map((orphan) => orphan.kind).sort()).toEqual(['dns-records', 'listener-rule', 'service', 'target-group', 'task-definition']);
      expect(report.orphans).toContainEqual({ kind: 'service', id: 'devenv-pr-1' });
      world.advance(5 * MINUTE);
      expect(await world.inspect()).toEqual(baseline);
    });
  });
});
