import { ECSClient } from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { commandLog } from './command-log.js';
import { newEngine } from './engine-under-test.js';
import { baselineAccount, serveAccount, type Account, type Mocks } from './fake-account.js';
import { OWNER } from './fixtures.js';

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const route53 = mockClient(Route53Client);
const mocks: Mocks = { ecs, elb, route53 };

const HOST = 'legacy-site.dev.example.com';
let account: Account;

beforeEach(() => {
  ecs.reset();
  elb.reset();
  route53.reset();
  account = baselineAccount();
  account.recordSets.push({ Name: `${HOST}.`, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'old-site.example.org' }] });
  serveAccount(mocks, account);
});

describe('Class: Engine (SDK calls)', () => {
  describe('Method: create — a CNAME devenv did not make holds the host', () => {
    it('refuses with a conflict naming the CNAME after reads only', async () => {
      // Act
      const error = await newEngine()
        .create({ name: 'legacy-site', app: 'web', owner: OWNER })
        .catch((caught: unknown) => caught);

      // Assess
      expect(error).toMatchObject({ code: 'conflict', context: { envName: 'legacy-site', resource: `${HOST} CNAME` } });
      expect(commandLog(mocks).filter((entry) => !/^(Describe|List)/.test(entry.command))).toEqual([]);
    });

    it("reads the host's records while the baseline's target group is being read, not after it", async () => {
      // Prepare: the baseline's DescribeTargetGroups answers only once the host's records were asked for, or, when
      // they never are (a sequential read), after a few turns of the event loop, which the test then sees.
      let releasedBy: 'records read' | 'no records read' | undefined;
      let release!: () => void;
      const recordsAsked = new Promise<void>((resolve) => (release = resolve));
      route53.on(ListResourceRecordSetsCommand).callsFake(async (input: { StartRecordName?: string }) => {
        if (input.StartRecordName?.replace(/\.$/, '') === HOST) release();
        return { ResourceRecordSets: account.recordSets.filter((set) => set.Name === `${HOST}.`), IsTruncated: false, MaxItems: 20 };
      });
      const groups = account.targetGroups.map(({ group }) => group);
      elb.on(DescribeTargetGroupsCommand).callsFake(async (input: { TargetGroupArns?: string[]; Names?: string[] }) => {
        if (input.TargetGroupArns && releasedBy === undefined) {
          let turns = 0;
          const fallback = new Promise<void>((resolve) => {
            const turn = () => (++turns >= 20 ? resolve() : setImmediate(turn));
            setImmediate(turn);
          });
          releasedBy = await Promise.race([recordsAsked.then(() => 'records read' as const), fallback.then(() => 'no records read' as const)]);
        }
        const found = groups.filter((group) => input.TargetGroupArns?.includes(group.TargetGroupArn!) || input.Names?.includes(group.TargetGroupName!));
        return { TargetGroups: input.TargetGroupArns || input.Names ? found : groups };
      });

      // Act
      await newEngine().create({ name: 'legacy-site', app: 'web', owner: OWNER }).catch(() => undefined);

      // Assess
      expect(releasedBy).toBe('records read');
    });
  });
});
